package dev.rampart.analysis.exposure;

import java.math.BigInteger;
import java.util.List;

/**
 * Source addresses that every rule of the chain treats alike for one service.
 *
 * @param sources the addresses as CIDRs, comma-joined
 * @param size how many addresses
 * @param access what happens to their packets, per group of destinations
 */
public record SourceClass(String sources, BigInteger size, List<Access> access) {

    public SourceClass {
        access = List.copyOf(access);
    }
}
