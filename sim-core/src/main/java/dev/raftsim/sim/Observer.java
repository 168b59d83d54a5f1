package dev.raftsim.sim;

/**
 * Runs after every kernel event (the invariant checkers hang here). {@code touchedNode} is the process the event
 * may have changed, or -1 when it may have changed any (a network-wide fault, a host action).
 */
@FunctionalInterface
public interface Observer {
  void afterEvent(long eventIndex, long timeMicros, int touchedNode);

  /**
   * A fault was just applied, before {@link #afterEvent} runs for it; {@code touchedNode} as there (for a
   * primary-targeted fault, -1 when there was no primary to aim at). For coverage; hosts may ignore it.
   */
  default void faultApplied(Fault fault, int touchedNode) {}
}
