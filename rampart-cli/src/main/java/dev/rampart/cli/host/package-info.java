/**
 * Commands that act on or read the host through {@code rampart-host}: the safe apply ({@code apply},
 * {@code confirm}, {@code rollback}, the hidden {@code __rollback-watcher} started detached by
 * {@link dev.rampart.cli.host.WatcherProcess}), {@code history}, {@code persist} and {@code host}, with
 * their shared {@link dev.rampart.cli.host.StateOptions} and the live host facts of {@code audit --live}
 * ({@link dev.rampart.cli.host.LiveHostFacts}).
 */
package dev.rampart.cli.host;
