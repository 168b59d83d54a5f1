package dev.raftsim.spi;

/**
 * A client of an implementation's own client protocol ({@link RaftImplementation#newClient}): it carries one
 * command at a time to the cluster, retrying as it sees fit, and reports the outcome through {@link
 * ClientHost#completed}. The host's workload decides what to invoke and when, and records the history.
 */
public interface RaftClient {
  /** Starts {@code command} (the client has completed every earlier one). */
  void invoke(ClientCommand command);

  void onMessage(int from, Object message);

  /** Named timer {@code timer} (0..{@link RaftImplementation#clientTimers()}-1) fired. */
  void onTimer(int timer);

  /** Optional protocol coverage of the client side, as {@link RaftServer#countCoverageInto}. Default: no points. */
  default void countCoverageInto(int[] counters) {}
}
