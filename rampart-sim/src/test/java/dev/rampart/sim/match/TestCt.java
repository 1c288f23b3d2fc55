package dev.rampart.sim.match;

import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.conntrack.CtEntry;
import dev.rampart.sim.conntrack.CtTuple;

/** A conntrack entry with fields a test sets directly. */
final class TestCt implements CtEntry {
    CtTuple original;
    CtTuple reply;
    long mark;
    boolean seenReply;
    boolean assured;
    boolean confirmed = true;
    boolean expected;
    boolean snat;
    boolean dnat;
    String helper;
    CtEntry master;
    long expiresInSeconds = 120;
    long[] packets = new long[2];
    long[] bytes = new long[2];

    /** A connection from {@code src:sport} to {@code dst:dport} over {@code protocol}, not NATed. */
    TestCt(int protocol, String src, int sport, String dst, int dport) {
        original = new CtTuple(IpAddress.parse(src), IpAddress.parse(dst), protocol, sport, dport);
        reply = original.inverse();
    }

    @Override
    public CtTuple original() {
        return original;
    }

    @Override
    public CtTuple reply() {
        return reply;
    }

    @Override
    public long mark() {
        return mark;
    }

    @Override
    public void setMark(long m) {
        mark = m;
    }

    @Override
    public boolean seenReply() {
        return seenReply;
    }

    @Override
    public boolean assured() {
        return assured;
    }

    @Override
    public boolean confirmed() {
        return confirmed;
    }

    @Override
    public boolean expected() {
        return expected;
    }

    @Override
    public boolean snat() {
        return snat;
    }

    @Override
    public boolean dnat() {
        return dnat;
    }

    @Override
    public String helper() {
        return helper;
    }

    @Override
    public CtEntry master() {
        return master;
    }

    @Override
    public long expiresInSeconds(long nowNanos) {
        return expiresInSeconds;
    }

    @Override
    public long packets(boolean isReply) {
        return packets[isReply ? 1 : 0];
    }

    @Override
    public long bytes(boolean isReply) {
        return bytes[isReply ? 1 : 0];
    }
}
