package dev.raftsim.invariants;

/**
 * Runs after every event of a run. {@code touchedNode} is the node whose state the event may have changed, or
 * -1 when any node may have changed (the checker must then look at all of them).
 */
public interface SafetyChecker {
  /** Returns the first violation this event causes, or null. */
  Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode);

  /** Called once when the run ends normally; liveness checks report here. */
  default Violation atEnd(ClusterView view, long eventIndex, long timeMicros) {
    return null;
  }
}
