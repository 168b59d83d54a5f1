package dev.raftsim.sim;

/**
 * Runs after every kernel event (the invariant checkers hang here). {@code touchedNode} is the process the event
 * may have changed, or -1 when it may have changed any (a network-wide fault, a host action).
 */
@FunctionalInterface
public interface Observer {
  void afterEvent(long eventIndex, long timeMicros, int touchedNode);
}
