package dev.raftsim.raft;

/**
 * Everything a node does to the outside world, implemented by the host (simulator adapter, model
 * checker, test harness). The node calls these synchronously during an input, in order.
 *
 * <p>Persistence model: {@code persist*} calls are writes that may still be lost by a crash; {@link
 * #sync()} makes every write issued so far durable. A correct node syncs before sending any message
 * that depends on its writes, so a host may model write latency and loss of unsynced writes on crash.
 *
 * <p>Timers are one-shot: a reset (re)arms the timer with a fresh timeout (for the election timer a
 * randomized one, drawn by the host), replacing any pending one. A non-leader always has an armed
 * election timer: the node resets it at start, on becoming candidate, on granting a vote, on
 * AppendEntries from the current leader, and when a leader steps down. A leader ignores election
 * timeouts; non-leaders ignore heartbeat timeouts.
 */
public interface RaftOutput {

  /** Send {@code m} to process {@code to} (a server, or for KvServer replies a client process). */
  void send(int to, Message m);

  /** Write currentTerm and votedFor (-1 = none). */
  void persistTermVote(long term, int votedFor);

  /** Delete the durable log entries with index >= fromIndex. */
  void persistTruncate(int fromIndex);

  /** Write the entry at {@code index} (always the next index after the durable log's end). */
  void persistAppend(int index, Entry e);

  /** Make all writes issued so far durable. */
  void sync();

  void resetElectionTimer();

  void resetHeartbeatTimer();

  /** A committed entry, delivered in index order, exactly once per incarnation. */
  void apply(int index, Entry e);

  /**
   * The node's own clock, in microseconds: it runs at the node's rate, which may drift from real time and from
   * other nodes' clocks. Only nodes whose {@link ProtocolOptions#needsClock()} ask; hosts without a clock keep
   * the default.
   */
  default long localTimeMicros() {
    throw new UnsupportedOperationException("this host provides no clock; CheckQuorum and leases need one");
  }

  /**
   * A leader answered a GET without the log ({@link ReadMode#READ_INDEX} or {@link ReadMode#LEASE}), reading its
   * state machine with entries up to {@code appliedIndex} applied. For counters, reports and the linearizability
   * witness; called just before the reply is sent.
   */
  default void readServed(ReadMode mode, int clientId, long seq, int appliedIndex) {}

  /**
   * Write a snapshot: its data and the new log base in one journal record. On recovery it replaces every log entry
   * at or below {@code s.index()}; entries after it stay. Safe write orders (enforced by RaftNode): the snapshot
   * record is written before any truncation it implies (an install that discards the whole log writes the
   * snapshot, then the truncation past it), and before the node acknowledges or applies anything on its strength;
   * a crash that loses it leaves the previous snapshot and the uncompacted log, which is still a correct state.
   * Hosts that never enable snapshots need not implement it.
   */
  default void persistSnapshot(Snapshot s) {
    throw new UnsupportedOperationException("this host does not store snapshots (" + s + ")");
  }

  /**
   * The state machine must now be exactly the snapshot's (an InstallSnapshot was accepted); entries after
   * {@code s.index()} are applied to it from then on. Never called with a snapshot older than what was applied.
   */
  default void restoreSnapshot(Snapshot s) {
    throw new UnsupportedOperationException("this host cannot install snapshots (" + s + ")");
  }
}
