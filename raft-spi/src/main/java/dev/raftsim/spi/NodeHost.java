package dev.raftsim.spi;

/**
 * The simulated world as one server sees it: the only door it may use. Every method may be called only while the
 * host is inside a call into this server (an input, a timer, a task) of the incarnation it was given to. Calling it
 * after a crash, from another thread or with a bad argument (an unknown destination, a negative delay, a timer id
 * out of range) is a contract violation: the run stops with "implementation error at event N".
 */
public interface NodeHost {
  /** This node's id (0..clusterSize-1). */
  int self();

  int clusterSize();

  /** Virtual time in microseconds. */
  long now();

  /** This node's own clock in microseconds: it runs at the node's (possibly skewed) rate. */
  long localNow();

  /**
   * Sends {@code message} to process {@code to} (a server, or a client of the implementation's own client
   * protocol). The network may drop, delay, reorder and duplicate it; a message must therefore be immutable, or
   * the {@link MessageFormat} must copy it.
   */
  void send(int to, Object message);

  /**
   * Arms named timer {@code timer} (0..{@link RaftImplementation#timers()}-1) to fire {@code delayMicros} from now
   * on this node's clock (a skewed clock stretches it), replacing an earlier arming. It fires as {@link
   * RaftServer#onTimer}.
   */
  void setTimer(int timer, long delayMicros);

  void cancelTimer(int timer);

  /** Tasks on virtual time, for implementations that schedule their own work (MicroRaft style). */
  VirtualExecutor executor();

  /** This node's disk. */
  DurableStore storage();

  /** This node's own random stream (e.g. for election timeouts), derived from the run's seed. */
  Randomness random();

  /**
   * Reports that the entry at {@code index} took effect on this node's state machine, in index order, once per
   * incarnation; {@code clientId} and {@code seq} name the client command it carries ({@code -1} and {@code 0}
   * for an entry without one, e.g. a no-op). The linearizability check uses it as its witness.
   */
  void applied(int index, int clientId, long seq);

  /**
   * Answers a command the host's standard client delivered through {@link RaftServer#onClientCommand}: {@code ok}
   * with the operation's {@code result} once it took effect, or not ok (e.g. not the leader, or deposed before it
   * committed) with a {@code leaderHint} (-1: unknown) so the client retries elsewhere.
   */
  void reply(int clientId, long seq, boolean ok, String result, int leaderHint);

  /**
   * A leader answered a read without the log ({@code mode}: {@code index} or {@code lease}) from its state machine
   * with entries up to {@code appliedIndex} applied: the linearizability witness places the read there. Call it
   * just before the answer is sent.
   */
  void readServed(String mode, int clientId, long seq, int appliedIndex);

  /**
   * The server compacted its own log into a snapshot up to {@code index} (after writing it to storage); counted and
   * traced by the host. Optional.
   */
  default void snapshotTaken(int index, long term) {}

  /** The server installed a snapshot up to {@code index} received from a leader; counted and traced. Optional. */
  default void snapshotInstalled(int index, long term) {}

  /** True while a trace is being recorded: {@link #note} is then worth calling. */
  boolean tracing();

  /** Adds a note to the recorded trace (not part of the digest). */
  void note(String text);
}
