package dev.raftsim.spi;

import java.util.Objects;

/**
 * A client's operation as it enters the replicated log: {@code (clientId, seq)} identifies it across retries, so
 * a server can deduplicate (a retried command must take effect at most once).
 *
 * @param clientId the client's process id (>= clusterSize)
 * @param seq 1, 2, ... per client
 * @param operation what to do
 */
public record ClientCommand(int clientId, long seq, Operation operation) {
  public ClientCommand {
    Objects.requireNonNull(operation, "operation");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, got " + seq);
    }
  }
}
