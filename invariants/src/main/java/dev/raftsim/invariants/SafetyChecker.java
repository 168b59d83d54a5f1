package dev.raftsim.invariants;

/**
 * Runs after every event of a run. {@code touchedNode} is the node whose state the event may have changed, or
 * -1 when any node may have changed (the checker must then look at all of them).
 */
public interface SafetyChecker {
  /** Returns the first violation this event causes, or null. */
  Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode);

  /**
   * Called instead of {@link #afterEvent} when the host knows that the event left {@code touchedNode} exactly as the
   * checker last saw it: the node is up and handled a message or a timer (no crash, no restart), every value the
   * view reports for it (a leader's matchIndex included, where reported) is what it reported after the previous
   * event that touched it, and its log was not modified
   * ({@code logChangedFrom == lastIndex + 1}). Nearly half of a simulated cluster's events are such (heartbeat
   * replies, requests to followers, heartbeat timers), so a checker may use this to skip re-reading the node; it must
   * return what {@link #afterEvent} would have. The default simply calls {@link #afterEvent}.
   */
  default Violation afterUnchangedEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
    return afterEvent(view, eventIndex, timeMicros, touchedNode);
  }

  /**
   * Called instead of {@link #afterEvent} when the event left {@code touchedNode} as {@link #afterUnchangedEvent}
   * requires except for one value: the node, a leader (where the view reports leader progress) handling a message
   * from server {@code peer}, changed its matchIndex for {@code peer} (only a reply from a peer moves it). A leader's
   * replies that acknowledge new entries without advancing its commit index are about a fifth of a simulated
   * cluster's events, so a checker may use this to look at that one value; it must return what {@link #afterEvent}
   * would have. The default simply calls {@link #afterEvent}.
   */
  default Violation afterMatchIndexEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode,
      int peer) {
    return afterEvent(view, eventIndex, timeMicros, touchedNode);
  }

  /**
   * Called instead of {@link #afterEvent} when the event left {@code touchedNode} as {@link #afterUnchangedEvent}
   * requires except that entries may have been appended to its log ({@code logChangedFrom} is the previous
   * {@code lastIndex + 1}: nothing at or below the previous last index was rewritten or removed) and its commit index
   * and lastApplied may have moved (and, on a leader, its matchIndexes): the node is up and handled a message or a
   * timer (no crash, no restart), and its role, term, vote and snapshot base are what the view reported after the
   * previous event that touched it. Followers' appends and commit-index updates, a leader's new client entries and
   * its acknowledgements that commit are a large share of a simulated cluster's events; a checker may skip
   * re-reading what did not change, but must examine the rest (the appended entries, the new indexes, a leader's
   * matchIndexes) as {@link #afterEvent} would, and return what it would have.
   * The default simply calls {@link #afterEvent}.
   */
  default Violation afterAppendEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
    return afterEvent(view, eventIndex, timeMicros, touchedNode);
  }

  /** Called once when the run ends normally; liveness checks report here. */
  default Violation atEnd(ClusterView view, long eventIndex, long timeMicros) {
    return null;
  }
}
