/** The lock-out check: proves an administrator's SSH connection survives a ruleset, or shows what blocks it. */
package dev.rampart.analysis.lockout;
