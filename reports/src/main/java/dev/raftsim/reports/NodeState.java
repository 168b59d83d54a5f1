package dev.raftsim.reports;

import java.util.List;

/**
 * One server as it stood at the violation (or at the end of the run).
 *
 * @param role "FOLLOWER", "CANDIDATE", "LEADER" (free text is shown as is)
 * @param votedFor process id voted for in {@code term}, -1 for none
 * @param log the log entries the node holds, lowest index first (those after its snapshot base)
 * @param snapshotIndex the snapshot base: entries 1..snapshotIndex are compacted into a snapshot (0: none)
 * @param snapshotTerm the term of the entry at the snapshot base (0: none)
 */
public record NodeState(
    String name, boolean up, String role, long term, int votedFor, int commitIndex, int lastApplied, List<LogCell> log,
    int snapshotIndex, long snapshotTerm) {
  public NodeState {
    log = log == null ? List.of() : List.copyOf(log);
  }

  /** A node without a snapshot. */
  public NodeState(String name, boolean up, String role, long term, int votedFor, int commitIndex, int lastApplied,
      List<LogCell> log) {
    this(name, up, role, term, votedFor, commitIndex, lastApplied, log, 0, 0);
  }
}
