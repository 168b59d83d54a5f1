package dev.raftsim.invariants;

import java.util.List;

/**
 * Where hosts get their checkers, and the names of everything the checkers assert.
 *
 * <p>The safety invariants are listed in report order: when one event breaks several, a checker returns the one
 * listed first here (and {@code violationsOfLastEvent()} lists them all in this order).
 */
public final class Checkers {
  public static final String ELECTION_SAFETY = "ElectionSafety";
  public static final String LEADER_APPEND_ONLY = "LeaderAppendOnly";
  public static final String LOG_MATCHING = "LogMatching";
  public static final String STATE_MACHINE_SAFETY = "StateMachineSafety";
  public static final String LEADER_COMPLETENESS = "LeaderCompleteness";
  public static final String TERM_MONOTONIC = "TermMonotonic";
  public static final String SINGLE_VOTE_PER_TERM = "SingleVotePerTerm";
  public static final String COMMIT_INDEX_BOUNDED = "CommitIndexBounded";
  public static final String COMMIT_INDEX_MONOTONIC = "CommitIndexMonotonic";
  public static final String COMMITTED_ON_MAJORITY = "CommittedOnMajority";
  public static final String APPLIED_COMMITTED = "AppliedCommitted";
  public static final String MATCH_INDEX_MONOTONIC = "MatchIndexMonotonic";
  public static final String LEADER_ELECTED_BY_QUORUM = "LeaderElectedByQuorum";
  public static final String ONE_CONFIG_CHANGE_IN_FLIGHT = "OneConfigChangeInFlight";
  public static final String CONFIG_QUORUMS_OVERLAP = "ConfigQuorumsOverlap";
  public static final String CONFIG_FROM_LOG = "ConfigFromLog";
  public static final String LIVENESS = "Liveness";

  /** The safety invariants, in report order. */
  public static final List<String> SAFETY_INVARIANTS = List.of(
      ELECTION_SAFETY,
      LEADER_APPEND_ONLY,
      LOG_MATCHING,
      STATE_MACHINE_SAFETY,
      LEADER_COMPLETENESS,
      TERM_MONOTONIC,
      SINGLE_VOTE_PER_TERM,
      COMMIT_INDEX_BOUNDED,
      COMMIT_INDEX_MONOTONIC,
      COMMITTED_ON_MAJORITY,
      APPLIED_COMMITTED,
      MATCH_INDEX_MONOTONIC,
      LEADER_ELECTED_BY_QUORUM,
      ONE_CONFIG_CHANGE_IN_FLIGHT,
      CONFIG_QUORUMS_OVERLAP,
      CONFIG_FROM_LOG);

  /** Every name a checker of this package can put in {@link Violation#invariant()}: the safety ones, then Liveness. */
  public static final List<String> INVARIANTS = List.of(
      ELECTION_SAFETY,
      LEADER_APPEND_ONLY,
      LOG_MATCHING,
      STATE_MACHINE_SAFETY,
      LEADER_COMPLETENESS,
      TERM_MONOTONIC,
      SINGLE_VOTE_PER_TERM,
      COMMIT_INDEX_BOUNDED,
      COMMIT_INDEX_MONOTONIC,
      COMMITTED_ON_MAJORITY,
      APPLIED_COMMITTED,
      MATCH_INDEX_MONOTONIC,
      LEADER_ELECTED_BY_QUORUM,
      ONE_CONFIG_CHANGE_IN_FLIGHT,
      CONFIG_QUORUMS_OVERLAP,
      CONFIG_FROM_LOG,
      LIVENESS);

  private Checkers() {}

  /** One sentence per invariant, for the CLI's documentation. */
  public static String describe(String invariant) {
    switch (invariant) {
      case ELECTION_SAFETY:
        return "At most one node becomes leader in any term (the first leader of each term is remembered).";
      case LEADER_APPEND_ONLY:
        return "While a node is leader of a term it never rewrites or deletes entries of its log; it only appends.";
      case LOG_MATCHING:
        return "Two logs that ever held an entry with the same index and term held identical entries up to it.";
      case STATE_MACHINE_SAFETY:
        return "No two nodes commit or apply different entries at the same index; an applied entry is the committed one.";
      case LEADER_COMPLETENESS:
        return "A leader of term T holds every committed entry that was committed in a term before T.";
      case TERM_MONOTONIC:
        return "A node's currentTerm never decreases, across restarts too.";
      case SINGLE_VOTE_PER_TERM:
        return "A node votes for at most one candidate per term, across restarts too.";
      case COMMIT_INDEX_BOUNDED:
        return "A node's commitIndex never exceeds its last log index.";
      case COMMIT_INDEX_MONOTONIC:
        return "A node's commitIndex never decreases until it restarts.";
      case COMMITTED_ON_MAJORITY:
        return "Every committed entry is held by a majority of the nodes' logs: checked when the committed prefix grows"
            + " and whenever a node loses an entry at or below it (a truncation, or a restart without unsynced writes). With"
            + " membership: a quorum of the committing leader's configuration (both majorities while joint; learners"
            + " and spares never count).";
      case APPLIED_COMMITTED:
        return "A node never applies beyond its commitIndex (lastApplied <= commitIndex).";
      case MATCH_INDEX_MONOTONIC:
        return "While a node leads a term (same incarnation), its matchIndex for a peer never goes down (only where the"
            + " implementation reports leader progress).";
      case LEADER_ELECTED_BY_QUORUM:
        return "Every leader was elected by a quorum of the configuration it had when it won (both majorities while"
            + " joint), counting the votes seen per term (only where the implementation reports membership).";
      case ONE_CONFIG_CHANGE_IN_FLIGHT:
        return "A leader's log holds at most one configuration entry above the committed index: a change starts only"
            + " after the previous one committed (C_new only after C_old,new commits).";
      case CONFIG_QUORUMS_OVERLAP:
        return "No two configurations whose quorums do not intersect can both commit: a leader's successive"
            + " configurations overlap, each committed configuration overlaps the one before it, and once a later"
            + " term has a leader no leader of an earlier term still has a quorum of its configuration at its term.";
      case CONFIG_FROM_LOG:
        return "A node's configuration in effect is that of the latest configuration entry in its log, committed or"
            + " not (or of its snapshot when no entry above the base carries one).";
      case LIVENESS:
        return "After the faults stop, a leader exists within a bound and every entry its leader appends commits within a"
            + " bound (unless a newer leader replaces it).";
      default:
        throw new IllegalArgumentException("unknown invariant " + invariant);
    }
  }

  /** Position in report order; an unknown name is a programming error. */
  public static int rank(String invariant) {
    int rank = INVARIANTS.indexOf(invariant);
    if (rank < 0) {
      throw new IllegalArgumentException("unknown invariant " + invariant);
    }
    return rank;
  }

  /** The fast safety checker for long runs. */
  public static IncrementalChecker incremental() {
    return new IncrementalChecker();
  }

  /** The slow, simple safety checker that rescans everything every event; agrees with {@link #incremental()}. */
  public static ReferenceChecker reference() {
    return new ReferenceChecker();
  }

  public static LivenessChecker liveness(LivenessConfig config) {
    return new LivenessChecker(config);
  }

  /** Safety and liveness together: both see every event; a safety violation wins over a liveness one. */
  public static SafetyChecker withLiveness(SafetyChecker safety, LivenessConfig config) {
    return firstOf(safety, new LivenessChecker(config));
  }

  /**
   * Runs every checker on every event, in the given order, and returns the first one's violation. All of them see
   * each event even after one reports, so their state stays consistent with the run. A checker made by this method
   * among {@code checkers} is spliced in flat (the same order, so the same first violation).
   */
  public static SafetyChecker firstOf(SafetyChecker... checkers) {
    List<SafetyChecker> flat = new java.util.ArrayList<>();
    for (SafetyChecker c : List.of(checkers)) {
      if (c instanceof FirstOf f) {
        flat.addAll(f.all());
      } else {
        flat.add(c);
      }
    }
    return new FirstOf(flat);
  }

  /**
   * The composition {@link #firstOf} makes. It runs after every event, so its first three checkers sit in fields
   * with a call site each: in a run those sites each see one class (the incremental checker, liveness, the host's
   * membership liveness) and the JIT inlines them, where one loop over an array would make a single megamorphic
   * interface call (an itable stub per checker per event). A fourth and later ones (a user's own invariants) go
   * through the loop.
   */
  private static final class FirstOf implements SafetyChecker {
    private final SafetyChecker a;
    private final SafetyChecker b;
    private final SafetyChecker c;
    private final SafetyChecker[] rest;

    FirstOf(List<SafetyChecker> all) {
      a = all.size() > 0 ? all.get(0) : null;
      b = all.size() > 1 ? all.get(1) : null;
      c = all.size() > 2 ? all.get(2) : null;
      rest = all.size() > 3 ? all.subList(3, all.size()).toArray(new SafetyChecker[0]) : null;
    }

    List<SafetyChecker> all() {
      List<SafetyChecker> all = new java.util.ArrayList<>();
      for (SafetyChecker x : new SafetyChecker[] {a, b, c}) {
        if (x != null) {
          all.add(x);
        }
      }
      if (rest != null) {
        all.addAll(List.of(rest));
      }
      return all;
    }

    @Override
    public Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
      Violation first = a == null ? null : a.afterEvent(view, eventIndex, timeMicros, touchedNode);
      if (b != null) {
        Violation v = b.afterEvent(view, eventIndex, timeMicros, touchedNode);
        first = first == null ? v : first;
      }
      if (c != null) {
        Violation v = c.afterEvent(view, eventIndex, timeMicros, touchedNode);
        first = first == null ? v : first;
      }
      if (rest != null) {
        for (SafetyChecker x : rest) {
          Violation v = x.afterEvent(view, eventIndex, timeMicros, touchedNode);
          first = first == null ? v : first;
        }
      }
      return first;
    }

    @Override
    public Violation afterUnchangedEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
      Violation first = a == null ? null : a.afterUnchangedEvent(view, eventIndex, timeMicros, touchedNode);
      if (b != null) {
        Violation v = b.afterUnchangedEvent(view, eventIndex, timeMicros, touchedNode);
        first = first == null ? v : first;
      }
      if (c != null) {
        Violation v = c.afterUnchangedEvent(view, eventIndex, timeMicros, touchedNode);
        first = first == null ? v : first;
      }
      if (rest != null) {
        for (SafetyChecker x : rest) {
          Violation v = x.afterUnchangedEvent(view, eventIndex, timeMicros, touchedNode);
          first = first == null ? v : first;
        }
      }
      return first;
    }

    @Override
    public Violation afterMatchIndexEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode,
        int peer) {
      Violation first = a == null ? null : a.afterMatchIndexEvent(view, eventIndex, timeMicros, touchedNode, peer);
      if (b != null) {
        Violation v = b.afterMatchIndexEvent(view, eventIndex, timeMicros, touchedNode, peer);
        first = first == null ? v : first;
      }
      if (c != null) {
        Violation v = c.afterMatchIndexEvent(view, eventIndex, timeMicros, touchedNode, peer);
        first = first == null ? v : first;
      }
      if (rest != null) {
        for (SafetyChecker x : rest) {
          Violation v = x.afterMatchIndexEvent(view, eventIndex, timeMicros, touchedNode, peer);
          first = first == null ? v : first;
        }
      }
      return first;
    }

    @Override
    public Violation afterAppendEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
      Violation first = a == null ? null : a.afterAppendEvent(view, eventIndex, timeMicros, touchedNode);
      if (b != null) {
        Violation v = b.afterAppendEvent(view, eventIndex, timeMicros, touchedNode);
        first = first == null ? v : first;
      }
      if (c != null) {
        Violation v = c.afterAppendEvent(view, eventIndex, timeMicros, touchedNode);
        first = first == null ? v : first;
      }
      if (rest != null) {
        for (SafetyChecker x : rest) {
          Violation v = x.afterAppendEvent(view, eventIndex, timeMicros, touchedNode);
          first = first == null ? v : first;
        }
      }
      return first;
    }

    @Override
    public Violation atEnd(ClusterView view, long eventIndex, long timeMicros) {
      Violation first = null;
      for (SafetyChecker x : all()) {
        Violation v = x.atEnd(view, eventIndex, timeMicros);
        first = first == null ? v : first;
      }
      return first;
    }

    @Override
    public String toString() {
      return "firstOf" + all();
    }
  }
}
