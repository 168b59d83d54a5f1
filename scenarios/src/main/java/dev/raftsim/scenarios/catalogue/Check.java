package dev.raftsim.scenarios.catalogue;

import java.util.Objects;

/**
 * An expectation checked at a point of the timeline (or polled until a deadline, see {@link Step#withinMicros()}).
 * Leader checks look at the <em>connected</em> nodes: up, not paused and not disconnected by the script
 * ({@code isolate} disconnects a node, {@code connect} and {@code heal} reconnect it, a partition disconnects the
 * nodes outside its largest group), which mirrors the lab's {@code connected[]}. The safety invariants need no
 * expectation: the checkers run after every event anyway.
 */
public sealed interface Check extends Action {

  /** Exactly one connected node believes it is leader; it goes into register L. */
  record OneLeader() implements Check {}

  /** No connected node believes it is leader. */
  record NoLeader() implements Check {}

  /**
   * Exactly one connected leader, and not the one observed at the previous observation point (an earlier
   * one-leader/leader-changed check, mark, or action on {@code leader}); it goes into register L.
   */
  record LeaderChanged() implements Check {}

  /** Every connected node has the same term. */
  record TermsAgree() implements Check {}

  /** Every connected node is still in the term recorded by the last {@code mark}. */
  record TermUnchanged() implements Check {}

  /** How a count compares with the expected number. */
  enum Comparison {
    EQUAL("", "exactly "),
    AT_LEAST(">=", "at least "),
    AT_MOST("<=", "at most ");

    private final String symbol;
    private final String words;

    Comparison(String symbol, String words) {
      this.symbol = symbol;
      this.words = words;
    }

    public String symbol() {
      return symbol;
    }

    public String words() {
      return words;
    }

    public boolean holds(long actual, long expected) {
      return switch (this) {
        case EQUAL -> actual == expected;
        case AT_LEAST -> actual >= expected;
        case AT_MOST -> actual <= expected;
      };
    }
  }

  /** Distinct client commands in the longest committed prefix any node reached (no-ops do not count). */
  record Committed(Comparison comparison, int count) implements Check {
    public Committed {
      Objects.requireNonNull(comparison, "comparison");
      if (count < 0) {
        throw new IllegalArgumentException("a command count is >= 0");
      }
    }
  }

  /** Every up node holds the same log and the same commit index. */
  record Converged() implements Check {}

  /**
   * The labelled command is committed, and exactly once: a proposed command appears once in the committed log; a
   * client's command (which its retries may append more than once) takes effect once in the state machine.
   */
  record CommittedOnce(String label) implements Check {}

  /** The labelled command is committed at exactly this index. */
  record CommittedAt(String label, int index) implements Check {
    public CommittedAt {
      if (index < 1) {
        throw new IllegalArgumentException("log indexes start at 1");
      }
    }
  }

  /** The labelled command is not in the committed log (e.g. an uncommitted entry of a deposed leader). */
  record NotCommitted(String label) implements Check {}

  /** Every operation a client saw acknowledged is in the committed log. */
  record AckedCommitted() implements Check {}

  /** Server-to-server requests (AppendEntries and RequestVote, replies not counted) sent since the last mark. */
  record Messages(int max) implements Check {}

  /** Log entries carried by AppendEntries since the last mark (each command to each follower once is ideal). */
  record EntriesSent(int max) implements Check {}

  /**
   * There is one connected leader, it is one of these voters, and its configuration has exactly these voters, is
   * not joint, and is committed (its entry is at or below the leader's commitIndex): a membership change completed.
   */
  record Voters(java.util.List<Target> voters) implements Check {
    public Voters {
      voters = java.util.List.copyOf(voters);
      if (voters.isEmpty()) {
        throw new IllegalArgumentException("a configuration has at least one voter");
      }
    }
  }
}
