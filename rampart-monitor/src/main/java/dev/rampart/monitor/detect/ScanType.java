package dev.rampart.monitor.detect;

/**
 * The kind of scan a source performs, from the probes it sends (psad's classification): TCP probes by
 * their flags (SYN; FIN; NULL = no flags; XMAS = FIN+PSH+URG; ACK; other odd combinations), UDP probes,
 * a protocol scan (many IP protocol numbers), a sweep (one or few ports on many hosts), ICMP probes.
 */
public enum ScanType {
    SYN("SYN scan", "nmap -sS / -sT"),
    FIN("FIN scan", "nmap -sF"),
    NULL("NULL scan", "nmap -sN"),
    XMAS("XMAS scan", "nmap -sX"),
    ACK("ACK scan", "nmap -sA"),
    TCP_OTHER("TCP scan with unusual flags", "nmap --scanflags"),
    UDP("UDP scan", "nmap -sU"),
    PROTOCOL("IP protocol scan", "nmap -sO"),
    SWEEP("sweep", "nmap -sn / -p PORT over a network"),
    ICMP("ICMP probes", "ping / nmap -PE");

    private final String description;
    private final String tool;

    ScanType(String description, String tool) {
        this.description = description;
        this.tool = tool;
    }

    /** How a person names it ("SYN scan"). */
    public String description() {
        return description;
    }

    /** The tool options that produce it, as a hint in reports. */
    public String tool() {
        return tool;
    }
}
