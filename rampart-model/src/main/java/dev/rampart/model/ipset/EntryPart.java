package dev.rampart.model.ipset;

import dev.rampart.model.Family;
import dev.rampart.model.net.IpPrefix;
import dev.rampart.model.net.Protocol;

/**
 * One component of an ipset element, e.g. the address and the port of {@code 192.0.2.1,tcp:80}. Each
 * part prints itself exactly as {@code ipset save} does.
 */
public sealed interface EntryPart {

    /** The text {@code ipset save} prints for this part. */
    String text();

    /**
     * An address ({@code ip} dimension, {@code network == false}) or network ({@code net} dimension). For
     * an {@code ip} dimension the prefix is a host, or the block of the set's {@code netmask}, and prints
     * as the address alone; a network prints as {@code address/length}, except host-length networks which
     * print without {@code /32} / {@code /128}, as ipset does.
     */
    record Address(IpPrefix prefix, boolean network) implements EntryPart {
        public Address {
            if (!prefix.isContiguous()) {
                throw new IllegalArgumentException("set elements need a prefix length, not a mask");
            }
        }

        /** The family of the address. */
        public Family family() {
            return prefix.family();
        }

        @Override
        public String text() {
            int len = prefix.length();
            return !network || len == prefix.family().bits() ? prefix.addressText()
                    : prefix.addressText() + "/" + len;
        }
    }

    /**
     * A {@code proto:port} part. {@code protocol} is tcp, udp, sctp, udplite, or another protocol with the
     * pseudo port 0. In a {@code bitmap:port} set the protocol is absent (null) and only the port prints.
     */
    record Port(Protocol protocol, int port) implements EntryPart {
        public Port {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range 0..65535: " + port);
            }
        }

        @Override
        public String text() {
            return protocol == null ? Integer.toString(port) : protocol.saveName() + ":" + port;
        }
    }

    /** An ICMP ({@code v6 == false}) or ICMPv6 type/code in a port dimension, e.g. {@code icmp:echo-request}. */
    record Icmp(boolean v6, int type, int code) implements EntryPart {
        public Icmp {
            if (type < 0 || type > 255 || code < 0 || code > 255) {
                throw new IllegalArgumentException("ICMP type/code out of range 0..255");
            }
        }

        @Override
        public String text() {
            String name = IcmpNames.name(v6, type, code);
            return (v6 ? "ipv6-icmp:" : "icmp:") + (name != null ? name : type + "/" + code);
        }
    }

    /** An interface of {@code hash:net,iface}; {@code physdev} for a bridge port ({@code physdev:eth0}). */
    record Iface(boolean physdev, String name) implements EntryPart {
        @Override
        public String text() {
            return physdev ? "physdev:" + name : name;
        }
    }

    /** An Ethernet address (48 bits), printed as upper-case hex pairs. */
    record Mac(long address) implements EntryPart {
        public Mac {
            if (address < 0 || address > 0xFFFF_FFFF_FFFFL) {
                throw new IllegalArgumentException("MAC address out of range");
            }
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder(17);
            for (int i = 5; i >= 0; i--) {
                sb.append(String.format("%02X", (address >>> (8 * i)) & 0xFF));
                if (i > 0) {
                    sb.append(':');
                }
            }
            return sb.toString();
        }
    }

    /** A packet mark of {@code hash:ip,mark} (32 bits), printed as {@code 0x%08x}. */
    record Mark(long mark) implements EntryPart {
        @Override
        public String text() {
            return String.format("0x%08x", mark);
        }
    }

    /** The name of a member set of a {@code list:set}. */
    record SetName(String name) implements EntryPart {
        @Override
        public String text() {
            return name;
        }
    }

    /** The element text of a set whose type Rampart does not model; kept verbatim. */
    record Raw(String value) implements EntryPart {
        @Override
        public String text() {
            return value;
        }
    }
}
