/**
 * The host checks of {@code rampart audit --live} (RA130 and up): kernel parameters (SYN cookies, reverse
 * path filtering, forwarding versus the FORWARD chain, ICMP redirects), persistence files missing or stale
 * against the live ruleset, and rules split over the legacy and nf_tables backends. They read
 * {@link dev.rampart.analysis.audit.host.HostFacts} — plain data the command line gathers through
 * {@code rampart-host} — and report nothing when an audit has no host facts (an audit of files). This
 * package runs no process and reads no file.
 */
package dev.rampart.analysis.audit.host;
