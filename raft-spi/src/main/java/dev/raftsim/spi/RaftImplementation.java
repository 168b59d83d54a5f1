package dev.raftsim.spi;

import java.util.List;

/**
 * A Raft implementation that raftsim can host: the plug-in. Register it for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.raftsim.spi.RaftImplementation} (one class name per line; the class needs a public
 * no-argument constructor) and select it with {@code --impl NAME}.
 *
 * <p>The host creates one {@link RaftServer} per node incarnation: at the start, and again after every crash, from
 * the records that survived in its {@link DurableStore}. A crash simply drops the server object; it is never called
 * again, and neither is anything it scheduled.
 *
 * <p><b>Determinism.</b> Inside the simulation an implementation must not use threads, the wall clock, unseeded
 * randomness or any iteration order that depends on identity hashes: time, timers, tasks and randomness come from
 * the {@link NodeHost}. {@code run --check-determinism} names the first event where two runs of the same seed differ.
 */
public interface RaftImplementation {

  /** The name {@code --impl} selects, e.g. {@code raftsim}: lower case, no spaces, unique among those installed. */
  String name();

  /** Recorded in counterexamples and summaries; replaying a file recorded with another version warns. */
  String version();

  /** One line for listings. */
  default String description() {
    return "";
  }

  /**
   * The switches this implementation understands (planted bugs or variants), selected with {@code --bug NAME}. The
   * host rejects any other name before a run; the chosen ones reach the server in {@link NodeSetup#options()}.
   */
  default List<ImplementationOption> options() {
    return List.of();
  }

  /** Fingerprints, summaries and copies of this implementation's messages (those its servers and clients send). */
  MessageFormat messageFormat();

  /**
   * How many named timers a server uses: {@link NodeHost#setTimer} takes ids 0..timers()-1. The host's executor
   * ({@link NodeHost#executor()}) needs none of them.
   */
  default int timers() {
    return 2;
  }

  /**
   * A server for node {@code setup.id()}, fresh ({@code setup.incarnation() == 0}) or restarted from {@code
   * setup.durableRecords()}. It must not act yet: the host calls {@link RaftServer#start()} next. {@code host} is
   * valid for this incarnation only.
   */
  RaftServer newServer(NodeSetup setup, NodeHost host);

  /**
   * True for implementations with a client protocol of their own (raftsim's own has one, so its message stream
   * stays what it was): the host then creates a client per client process with {@link #newClient}. False (the
   * default): the host's standard client delivers each command to a server through {@link
   * RaftServer#onClientCommand}, and the server answers through {@link NodeHost#reply}.
   */
  default boolean ownClientProtocol() {
    return false;
  }

  /**
   * A client of this implementation's own protocol (only called when {@link #ownClientProtocol()}); it may use
   * timers 0..{@link #clientTimers()}-1.
   */
  default RaftClient newClient(int clientId, int clusterSize, ClientHost host) {
    throw new UnsupportedOperationException(name() + " has no client protocol of its own");
  }

  /**
   * Optional: rewrites a server's durable records (in write order) into fewer with the same recovery, so that long
   * runs with restarts stay small (e.g. drop entries a later snapshot covers). Must be a pure function of its input.
   * Default null: the host keeps every record.
   */
  default java.util.function.UnaryOperator<List<Object>> journalCompactor() {
    return null;
  }

  /** Named timers {@link #newClient}'s clients use. */
  default int clientTimers() {
    return 1;
  }
}
