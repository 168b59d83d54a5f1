package dev.raftsim.spi;

/**
 * What the checkers read of a server after every event: read-only, cheap, and consistent between inputs. Log
 * indexes start at 1; index 0 is the empty prefix with term 0. The host calls these dozens of times per event, so
 * they should be plain field reads.
 *
 * <p>The default methods are room for what later checks read (snapshots, replication progress, coverage); an
 * implementation that has the concept overrides them.
 */
public interface NodeState {
  Role role();

  long currentTerm();

  /** The candidate voted for in currentTerm, or -1. */
  int votedFor();

  int lastIndex();

  /** Term of the entry at {@code index} (0 for index 0). */
  long termAt(int index);

  /**
   * A value-based 64-bit digest of the entry at {@code index} over its term and command (equal entries, equal
   * digests, in any JVM): the checkers compare logs through it.
   */
  long entryDigest(int index);

  /** A short human description of the entry, e.g. {@code put x=3 (c2#5)} or {@code no-op}. */
  String describeEntry(int index);

  /**
   * The client command the entry at {@code index} carries, or null (a no-op, a configuration entry). Not on the
   * hot path: scenarios and summaries read it.
   */
  ClientCommand entryCommand(int index);

  int commitIndex();

  int lastApplied();

  /**
   * The lowest log index rewritten or appended since {@link #markObserved()} (lastIndex()+1 when the log did not
   * change; 1 after a restart). Lets checkers stay incremental; an implementation that does not track it may
   * return 1 (always correct, slower).
   */
  int logChangedFrom();

  /** The host has shown the node to the checkers: {@link #logChangedFrom()} starts over. */
  void markObserved();

  /** The server this one believes leads, or -1. */
  default int leaderHint() {
    return -1;
  }

  /** The last index covered by a snapshot (entries at or below it are gone from the log); 0 without snapshots. */
  default int snapshotIndex() {
    return 0;
  }

  /** The term of the entry at {@link #snapshotIndex()}. */
  default long snapshotTerm() {
    return 0;
  }

  /**
   * A value-based digest of the state machine the snapshot at {@link #snapshotIndex()} holds (0: no snapshot, or
   * not reported); servers with snapshots at the same index must agree on it.
   */
  default long snapshotStateDigest() {
    return 0;
  }

  /** Whether this implementation reports {@link #matchIndex} and {@link #nextIndex} (checked for monotonicity). */
  default boolean reportsLeaderProgress() {
    return false;
  }

  /** As leader, the highest index known replicated on {@code peer}; -1 when unknown or not leader. */
  default int matchIndex(int peer) {
    return -1;
  }

  /** As leader, the next index to send to {@code peer}; -1 when unknown or not leader. */
  default int nextIndex(int peer) {
    return -1;
  }

  /**
   * Whether this implementation reports its configuration ({@link #voters}, {@link #learners}, {@link
   * #jointOldVoters}, {@link #configIndex}, {@link #isConfigEntry}). False (the default): every server is a voter,
   * always, and the configuration checks are skipped.
   */
  default boolean reportsMembership() {
    return false;
  }

  /**
   * The voters of the configuration in effect on this server, as a bit set over node ids (bit i: node i). A
   * configuration takes effect when it is in the log, not when it commits; in joint consensus this is C_new's
   * voters. Asked only when {@link #reportsMembership()}.
   */
  default long voters() {
    return -1L;
  }

  /**
   * True for an implementation that commits with Flexible-Paxos quorums: with an even number 2N >= 4 of voters (and
   * no configuration change in flight) an entry held by N voters is committed, while elections still need N+1, so
   * every election quorum meets every commit quorum (MicroRaft does this). CommittedOnMajority then accepts N of 2N.
   * Default false: majorities everywhere. Read once per run, from node 0's first incarnation.
   */
  default boolean halfCommitQuorumWhenEven() {
    return false;
  }

  /** Non-voting members (learners) of the configuration in effect, as a bit set. */
  default long learners() {
    return 0;
  }

  /** In joint consensus (C_old,new in effect), C_old's voters as a bit set; 0 when not joint. */
  default long jointOldVoters() {
    return 0;
  }

  /**
   * The log index of the entry that holds the configuration in effect (0: the initial configuration, or one the
   * snapshot at or below {@link #snapshotIndex()} holds and whose index is unknown).
   */
  default int configIndex() {
    return 0;
  }

  /** Whether the entry at {@code index} (above the snapshot base) carries a configuration. */
  default boolean isConfigEntry(int index) {
    return false;
  }

  /** The value of {@code key} in a KV state machine, or null (for host scenario checks; optional). */
  default String kvRead(String key) {
    return null;
  }
}
