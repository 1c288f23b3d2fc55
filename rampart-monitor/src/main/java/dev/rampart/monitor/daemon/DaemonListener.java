package dev.rampart.monitor.daemon;

/**
 * Receives {@link DaemonEvent}s on the daemon's thread; must return quickly (hand slow work, such as
 * sending mail, to its own thread). An exception is caught and reported, never stops the daemon.
 */
@FunctionalInterface
public interface DaemonListener {
    void onEvent(DaemonEvent event);
}
