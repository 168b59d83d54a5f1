package dev.raftsim.scenarios;

import dev.raftsim.spi.Operation;
import dev.raftsim.spi.Randomness;

/**
 * What the simulated clients ask of the cluster: a generator of client operations. The built-in workload (put, append
 * and get on a small key space, checked for linearizability) is used when a run names none; a workload of your own
 * generates operations of your own types (immutable, value-based {@link Operation#fingerprint()}), which reach the
 * implementation in {@link dev.raftsim.spi.ClientCommand}s and come back as the string results it replies with.
 *
 * <p>Linearizability of the history the clients saw is checked when the workload supplies a {@link
 * SequentialModel}; without one, it is skipped. The generator runs inside the simulation: draw only from {@code
 * random} (the client's own stream), so that runs stay reproducible.
 */
public interface Workload {
  /** A short name, shown in summaries. */
  String name();

  /**
   * The next operation of client {@code client} (1-based), whose previous operations have all completed.
   *
   * @param client the client's number, 1..clients
   * @param seq the operation's sequence number for this client (1, 2, ...): lets operations carry unique values
   * @param random the client's own random stream
   */
  Operation next(int client, long seq, Randomness random);

  /** The sequential specification linearizability is judged against, or null to skip that check. */
  default SequentialModel<?> model() {
    return null;
  }
}
