package dev.rampart.sim.conntrack;

import dev.rampart.model.net.IpAddress;

/** PLACEHOLDER until helper B's conntrack lands: a NAT decision for a new connection. */
public record NatRequest(boolean source, IpAddress minAddress, IpAddress maxAddress, int minPort, int maxPort,
                         boolean random, boolean persistent, boolean fullyRandom) {
}
