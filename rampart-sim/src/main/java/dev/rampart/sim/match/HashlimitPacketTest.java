package dev.rampart.sim.match;

import dev.rampart.model.match.HashlimitMatch;
import dev.rampart.sim.engine.MatchEnv;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.engine.PacketTest;

/**
 * {@code -m hashlimit} (revision 3, as iptables 1.8.9 loads it) as {@code xt_hashlimit.c} evaluates it:
 * a credit bucket per hash key in the table {@link HashlimitTable} named by {@code --hashlimit-name}.
 *
 * <p>Key: the source and/or destination address (masked to {@code --hashlimit-srcmask/-dstmask}) and
 * ports (TCP, UDP, UDP-Lite, SCTP, DCCP; 0 for other protocols) selected by {@code --hashlimit-mode};
 * no mode means one bucket for all packets.
 *
 * <p>Packet mode: a jiffy earns {@link #CREDITS_PER_JIFFY} = 2^39 credits (the power of two below
 * {@code 2^64 / (HZ * 86400)} at HZ=250), a packet costs {@code avg * (HZ * 2^39 / 10^6)} credits, the
 * bucket holds {@code burst} packets and a new key starts full. Byte mode: the bucket holds one second
 * of credits ({@code 2^24 * HZ}); a packet costs {@code ((len >> 4) + 1) * cost} (at most a full bucket);
 * when the bucket cannot pay, one of {@code burst} refills is used. Rate-match mode measures the packets
 * (or bytes) of each {@code --hashlimit-rate-interval} and matches while the previous interval stayed
 * under the rate and the current one under rate + burst. {@code --hashlimit-above} inverts the result.
 *
 * <p>When the table is full ({@code --hashlimit-htable-max}) the kernel drops the packet outright
 * (hotdrop); Rampart reports no match and marks the result approximate.
 */
record HashlimitPacketTest(HashlimitMatch match) implements PacketTest {

    /** Packet-mode credits per jiffy (revision 2+). */
    static final long CREDITS_PER_JIFFY = Long.highestOneBit(Long.divideUnsigned(-1L, Jiffies.HZ * 86_400));
    /** Byte-mode credits per jiffy: {@code POW2_BELOW32(0xFFFFFFFF / HZ)}. */
    static final long CREDITS_PER_JIFFY_BYTES = Long.highestOneBit(0xFFFFFFFFL / Jiffies.HZ);
    private static final long U32 = 0xFFFFFFFFL;
    private static final int BYTE_SHIFT = 4;

    /** {@code user2credits} of revision 2+: 1e-6 s units to credits, dividing the constants first. */
    static long user2credits(long user) {
        long scale = HashlimitMatch.SCALE;
        long perSecond = Jiffies.HZ * CREDITS_PER_JIFFY;
        if (Long.compareUnsigned(scale, perSecond) >= 0) {
            return Long.divideUnsigned(user, Long.divideUnsigned(scale, perSecond));
        }
        return user * Long.divideUnsigned(perSecond, scale);
    }

    static long user2creditsByte(long user) {
        long us = (user & U32) * (Jiffies.HZ * CREDITS_PER_JIFFY_BYTES);
        return (us >>> 32) & U32;
    }

    @Override
    public boolean test(PacketState packet, MatchEnv env) {
        long now = Jiffies.at(env.nowNanos());
        HashlimitTable table = env.state().get(new HashlimitTable.Key(match.name(), packet.family()),
                HashlimitTable.class, () -> new HashlimitTable(match, now));
        HashlimitMatch cfg = table.config;
        HashlimitTable.HashKey key = key(cfg, packet);
        HashlimitTable.Entry dh = table.find(key, now);
        if (dh == null) {
            dh = table.create(key, now);
            if (dh == null) {
                env.approximate("hashlimit " + match.name() + ": table full; the kernel drops the packet");
                return false;
            }
            dh.expires = now + table.expireJiffies;
            init(dh, cfg, now);
        } else {
            dh.expires = now + table.expireJiffies;
            recalc(dh, cfg, now);
        }
        boolean under;
        if (match.rateMatch()) {
            dh.currentRate += match.bytes() ? Math.max(0, packet.length()) : 1;
            under = !dh.prevWindow && Long.compareUnsigned(dh.currentRate, dh.burst) <= 0;
        } else {
            long cost = match.bytes() ? byteCost(Math.max(0, packet.length()), dh) : dh.cost;
            under = Long.compareUnsigned(dh.credit, cost) >= 0;
            if (under) {
                dh.credit -= cost;
            }
        }
        return under != match.above();
    }

    private static HashlimitTable.HashKey key(HashlimitMatch cfg, PacketState p) {
        int mode = cfg.mode();
        long sh = 0;
        long sl = 0;
        long dhi = 0;
        long dlo = 0;
        if ((mode & HashlimitMatch.MODE_SRCIP) != 0) {
            var a = p.src().masked(cfg.srcMask());
            sh = a.hi();
            sl = a.lo();
        }
        if ((mode & HashlimitMatch.MODE_DSTIP) != 0) {
            var a = p.dst().masked(cfg.dstMask());
            dhi = a.hi();
            dlo = a.lo();
        }
        int sport = 0;
        int dport = 0;
        if ((mode & (HashlimitMatch.MODE_SRCPORT | HashlimitMatch.MODE_DSTPORT)) != 0 && hasPortHeader(p)) {
            if ((mode & HashlimitMatch.MODE_SRCPORT) != 0) {
                sport = p.sport();
            }
            if ((mode & HashlimitMatch.MODE_DSTPORT) != 0) {
                dport = p.dport();
            }
        }
        return new HashlimitTable.HashKey(sh, sl, dhi, dlo, sport, dport);
    }

    /** Protocols {@code proto_ports_offset} reads two 16-bit ports from at offset 0. */
    private static boolean hasPortHeader(PacketState p) {
        int proto = p.protocol();
        return p.hasPorts() && (proto == 6 || proto == 17 || proto == 136 || proto == 132 || proto == 33);
    }

    private static void init(HashlimitTable.Entry dh, HashlimitMatch cfg, long now) {
        dh.prev = now;
        if (cfg.rateMatch()) {
            dh.prevWindow = false;
            dh.currentRate = 0;
            if (cfg.bytes()) {
                long avg = cfg.avg() & U32;
                long r = avg != 0 ? U32 / avg : U32;
                dh.rate = (r - 1) << BYTE_SHIFT;
                dh.burst = cfg.burst() != 0 ? cfg.burst() * dh.rate : dh.rate;
            } else {
                dh.rate = cfg.avg() != 0 ? HashlimitMatch.SCALE / cfg.avg() : 0;
                dh.burst = cfg.burst() + dh.rate;
            }
            dh.interval = cfg.interval();
        } else if (cfg.bytes()) {
            dh.credit = CREDITS_PER_JIFFY_BYTES * Jiffies.HZ;
            dh.cost = user2creditsByte(cfg.avg());
            dh.creditCap = cfg.burst();
        } else {
            dh.credit = user2credits(cfg.avg() * cfg.burst());
            dh.cost = user2credits(cfg.avg());
            dh.creditCap = dh.credit;
        }
    }

    private static void recalc(HashlimitTable.Entry dh, HashlimitMatch cfg, long now) {
        long delta = now - dh.prev;
        if (delta == 0) {
            return;
        }
        if (cfg.rateMatch()) {
            long interval = dh.interval * Jiffies.HZ;
            if (Long.compareUnsigned(delta, interval) < 0) {
                return;
            }
            dh.prev = now;
            dh.prevWindow = Long.compareUnsigned(dh.currentRate * interval, delta * dh.rate) > 0;
            dh.currentRate = 0;
            return;
        }
        dh.prev = now;
        long cap;
        if (cfg.bytes()) {
            long before = dh.credit;
            dh.credit += CREDITS_PER_JIFFY_BYTES * delta;
            cap = CREDITS_PER_JIFFY_BYTES * Jiffies.HZ;
            if (Long.compareUnsigned(before, dh.credit) >= 0) {
                dh.credit = cap;
                return;
            }
        } else {
            dh.credit += delta * CREDITS_PER_JIFFY;
            cap = dh.creditCap;
        }
        if (Long.compareUnsigned(dh.credit, cap) > 0) {
            dh.credit = cap;
        }
    }

    private static long byteCost(int len, HashlimitTable.Entry dh) {
        long full = CREDITS_PER_JIFFY_BYTES * Jiffies.HZ;
        long tmp = ((len & U32) >>> BYTE_SHIFT) + 1;
        tmp = tmp * dh.cost;
        if (Long.compareUnsigned(tmp, full) > 0) {
            tmp = full;
        }
        if (Long.compareUnsigned(dh.credit, tmp) < 0 && dh.creditCap != 0) {
            dh.creditCap--;
            dh.credit = full;
        }
        return tmp & U32;
    }
}
