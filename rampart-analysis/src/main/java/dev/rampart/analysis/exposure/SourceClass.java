package dev.rampart.analysis.exposure;

import java.math.BigInteger;
import java.util.List;

/**
 * Source addresses that every rule of the chain treats alike for one service.
 *
 * @param sources the addresses as CIDRs, comma-joined
 * @param size how many addresses
 * @param access what happens to their packets, per group of destinations
 * @param members the packets whose source is in the class (every other field free)
 */
public record SourceClass(String sources, BigInteger size, List<Access> access, dev.rampart.analysis.space.PacketSet members) {

    public SourceClass {
        access = List.copyOf(access);
    }
}
