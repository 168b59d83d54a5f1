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

  /** The value of {@code key} in a KV state machine, or null (for host scenario checks; optional). */
  default String kvRead(String key) {
    return null;
  }
}
