package dev.rampart.sim.conntrack;

import dev.rampart.model.net.IpAddress;
import dev.rampart.sim.engine.Hook;
import dev.rampart.sim.engine.PacketState;
import dev.rampart.sim.packet.Packet;

/** Builds packets and drives a {@link Conntrack} the way the traversal engine does. */
abstract class ConntrackTestSupport {

    static final long SECOND = 1_000_000_000L;
    /** 2026-01-01T00:00:00Z in ns. */
    static final long T0 = 1_767_225_600L * SECOND;

    final Conntrack ct = new Conntrack();

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    static Packet.Builder tcp(String src, int sport, String dst, int dport, int flags) {
        return Packet.builder(ip(src), ip(dst), 6).sport(sport).dport(dport).tcpFlags(flags);
    }

    static Packet.Builder udp(String src, int sport, String dst, int dport) {
        return Packet.builder(ip(src), ip(dst), 17).sport(sport).dport(dport);
    }

    static Packet.Builder icmp(String src, String dst, int type, int code) {
        return Packet.builder(ip(src), ip(dst), 1).icmpType(type).icmpCode(code);
    }

    /** Tracks a packet received on eth0 at PREROUTING, as the engine's first conntrack hook does. */
    PacketState received(Packet.Builder b, long now) {
        PacketState s = new PacketState(b.in("eth0").build());
        s.setHook(Hook.PREROUTING);
        ct.track(s, now);
        return s;
    }

    /** A received packet that is delivered or forwarded without NAT and leaves accepted (confirm). */
    PacketState pass(Packet.Builder b, long now) {
        PacketState s = received(b, now);
        ct.confirm(s, now);
        return s;
    }

    /** A forwarded packet through the nat hooks: PREROUTING (DNAT) then POSTROUTING (SNAT), then confirm. */
    PacketState forward(Packet.Builder b, long now, NatRequest dnat, NatRequest snat) {
        PacketState s = received(b, now);
        natHook(s, Hook.PREROUTING, dnat);
        s.setHook(Hook.FORWARD);
        natHook(s, Hook.POSTROUTING, snat);
        ct.confirm(s, now);
        return s;
    }

    /** One nat hook: the chain (a target binding when {@code target} is given) then the NAT hook itself. */
    void natHook(PacketState s, Hook hook, NatRequest target) {
        s.setHook(hook);
        if (ct.needsNatLookup(s, hook) && target != null) {
            ct.bindNat(s, target);
        }
        ct.applyNat(s, hook);
    }
}
