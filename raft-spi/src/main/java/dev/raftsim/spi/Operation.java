package dev.raftsim.spi;

/**
 * An operation of a workload, applied by the replicated state machine. {@link KvOperation} is the built-in KV
 * workload's; a workload of your own defines its own (immutable) operations.
 */
public interface Operation {
  /** Value-based 64-bit hash (it travels in messages whose fingerprints enter the digest). */
  long fingerprint();

  /** Short human form, e.g. {@code put x=3}. */
  String describe();
}
