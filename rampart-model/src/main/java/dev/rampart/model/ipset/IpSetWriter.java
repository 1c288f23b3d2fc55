package dev.rampart.model.ipset;

import dev.rampart.model.Family;

/**
 * Prints sets exactly as {@code ipset save} (ipset 7.x) does: per set a {@code create} line with the
 * options in ipset's order ({@code family hashsize maxelem netmask|bitmask timeout counters comment
 * skbinfo forceadd bucketsize initval} for hash types, {@code range netmask timeout counters comment
 * skbinfo} for bitmap types, {@code size timeout counters comment skbinfo} for list:set), followed by
 * one {@code add} line per entry with its options. Sets come in model order, entries in insertion
 * order (the kernel prints hash sets in hash order, which is not reproducible). Options the kernel
 * chooses itself ({@code bucketsize}, {@code initval}) print only when the model has them.
 *
 * <p>ipset 7.17 on Linux 6.x accepts {@code forceadd} but does not list it back; Rampart keeps and
 * prints it so that no setting is silently lost.
 */
public final class IpSetWriter {

    /** All sets as {@code ipset save} text. */
    public String write(IpSets sets) {
        StringBuilder sb = new StringBuilder(256);
        for (IpSet s : sets.sets()) {
            write(s, sb);
        }
        return sb.toString();
    }

    /** Appends one set: its create line and its add lines. */
    public void write(IpSet s, StringBuilder sb) {
        sb.append(createLine(s)).append('\n');
        for (IpSetEntry e : s.entries()) {
            sb.append("add ").append(s.name()).append(' ').append(e.elementText());
            e.options().appendTo(sb);
            sb.append('\n');
        }
    }

    /** The {@code create NAME TYPE options} line of {@code s}. */
    public String createLine(IpSet s) {
        IpSetOptions o = s.options();
        StringBuilder sb = new StringBuilder(128);
        sb.append("create ").append(s.name()).append(' ').append(s.type().name());
        if (o.family() != null) {
            sb.append(" family ").append(o.family() == Family.IPV4 ? "inet" : "inet6");
        }
        if (o.range() != null) {
            sb.append(" range ").append(o.range());
        }
        if (o.portRange() != null) {
            sb.append(" range ").append(o.portRange().from()).append('-').append(o.portRange().to());
        }
        if (o.markmask() != null) {
            sb.append(" markmask ").append(String.format("0x%08x", o.markmask()));
        }
        if (o.hashsize() != null) {
            sb.append(" hashsize ").append(o.hashsize());
        }
        if (o.maxelem() != null) {
            sb.append(" maxelem ").append(o.maxelem());
        }
        if (o.size() != null) {
            sb.append(" size ").append(o.size());
        }
        if (o.netmask() != null) {
            sb.append(" netmask ").append(o.netmask());
        }
        if (o.bitmask() != null) {
            sb.append(" bitmask ").append(o.bitmask().addressText());
        }
        if (o.timeout() != null) {
            sb.append(" timeout ").append(o.timeout());
        }
        if (o.counters()) {
            sb.append(" counters");
        }
        if (o.comment()) {
            sb.append(" comment");
        }
        if (o.skbinfo()) {
            sb.append(" skbinfo");
        }
        if (o.forceadd()) {
            sb.append(" forceadd");
        }
        if (o.bucketsize() != null) {
            sb.append(" bucketsize ").append(o.bucketsize());
        }
        if (o.initval() != null) {
            sb.append(" initval ").append(String.format("0x%08x", o.initval()));
        }
        return sb.toString();
    }
}
