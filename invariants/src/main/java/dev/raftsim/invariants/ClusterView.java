package dev.raftsim.invariants;

/**
 * A read-only view of a Raft cluster, the only thing checkers may read. Any Raft implementation can be
 * checked by implementing it; the checkers never see a model's internals.
 *
 * <p>Nodes are numbered 0..size()-1 (shown to people as n1..nN). Log indexes start at 1; index 0 is the
 * empty prefix with term 0. Entry digests are value-based 64-bit hashes of (term, command), identical for
 * equal entries in any JVM.
 */
public interface ClusterView {
  int size();

  /** False while the node is crashed; a crashed node's other answers are meaningless. */
  boolean isUp(int node);

  /** Increments every time the node restarts (volatile state was reset). */
  long incarnation(int node);

  NodeRole role(int node);

  long currentTerm(int node);

  /** The candidate voted for in currentTerm, or -1. */
  int votedFor(int node);

  int lastIndex(int node);

  /** Term of the entry at index (0 for index 0). */
  long termAt(int node, int index);

  /** Value-based digest of the entry at index (term and command). */
  long entryDigest(int node, int index);

  /** A short human description of the entry, e.g. "put x=3 (c2#5)" or "no-op". */
  String describeEntry(int node, int index);

  int commitIndex(int node);

  int lastApplied(int node);

  /**
   * The lowest log index that was rewritten or appended since the host last marked the node observed
   * (lastIndex()+1 when the log did not change; 1 after a restart). Lets checkers stay incremental.
   */
  int logChangedFrom(int node);

  /**
   * The snapshot base: the last log index the node has compacted into a snapshot, 0 if none. Entries at or below it
   * are gone: {@link #termAt} answers for the base and above, {@link #entryDigest} and {@link #describeEntry} only
   * above it, and {@link #logChangedFrom} is always above it. A host compacts only entries an earlier observation
   * has seen (never in the event that wrote them); an installed snapshot may cover entries the node never held.
   * Implementations without snapshots keep the default.
   */
  default int snapshotIndex(int node) {
    return 0;
  }

  /** The term of the entry at the snapshot base (0 without a snapshot). */
  default long snapshotTerm(int node) {
    return 0;
  }

  /**
   * A value-based digest of the snapshot's state-machine state (0 without a snapshot, or when the implementation
   * does not report it): two snapshots at the same index must have equal digests.
   */
  default long snapshotStateDigest(int node) {
    return 0;
  }

  /**
   * Whether this implementation reports a leader's per-peer replication progress ({@link #matchIndex},
   * {@link #nextIndex}). Optional: an implementation that does not keep or expose it leaves this false, and the
   * checks and exports that need it (MatchIndexMonotonic, the state trace's match/next) are then skipped or absent.
   */
  default boolean reportsLeaderProgress() {
    return false;
  }

  /**
   * A leader's matchIndex for {@code peer}: the highest index it knows the peer's log to match its own. Asked only
   * while {@code node} is up and leader, and only when {@link #reportsLeaderProgress()} is true.
   */
  default int matchIndex(int node, int peer) {
    throw new UnsupportedOperationException("this view does not report leader progress");
  }

  /** A leader's nextIndex for {@code peer}; asked as {@link #matchIndex} is. */
  default int nextIndex(int node, int peer) {
    throw new UnsupportedOperationException("this view does not report leader progress");
  }

  /**
   * Whether the implementation reports configurations. False (the default): every node is a voter, always, and
   * the configuration-aware checks see one fixed configuration of all nodes.
   */
  default boolean reportsMembership() {
    return false;
  }

  /**
   * Whether the implementation commits with half of an even voter set (Flexible-Paxos quorums; see the SPI's {@code
   * NodeState.halfCommitQuorumWhenEven}). CommittedOnMajority then accepts N holders of 2N >= 4 voters outside joint
   * consensus. Default false.
   */
  default boolean halfCommitQuorumWhenEven() {
    return false;
  }

  /**
   * The voters of the configuration in effect on {@code node} (the latest in its log, committed or not; C_new's
   * voters while joint), as a bit set over node ids: bit i is node i.
   */
  default long voters(int node) {
    return size() >= 64 ? -1L : (1L << size()) - 1;
  }

  /** Non-voting members (learners) of the configuration in effect on {@code node}, as a bit set. */
  default long learners(int node) {
    return 0;
  }

  /** While {@code node} is in joint consensus, C_old's voters as a bit set; 0 when not joint. */
  default long jointOldVoters(int node) {
    return 0;
  }

  /** The log index of the entry holding {@code node}'s configuration in effect (0: initial, or inside its snapshot). */
  default int configIndex(int node) {
    return 0;
  }

  /** Whether {@code node}'s entry at {@code index} (above its snapshot base) carries a configuration. */
  default boolean isConfigEntry(int node, int index) {
    return false;
  }

  /** Display name: "n1" for node 0. */
  default String name(int node) {
    return "n" + (node + 1);
  }
}
