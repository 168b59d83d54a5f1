package dev.raftsim.reports;

import java.util.List;

/**
 * One server as it stood at the violation (or at the end of the run).
 *
 * @param role "FOLLOWER", "CANDIDATE", "LEADER" (free text is shown as is)
 * @param votedFor process id voted for in {@code term}, -1 for none
 * @param log the whole log, index 1 first
 */
public record NodeState(
    String name, boolean up, String role, long term, int votedFor, int commitIndex, int lastApplied, List<LogCell> log) {
  public NodeState {
    log = log == null ? List.of() : List.copyOf(log);
  }
}
