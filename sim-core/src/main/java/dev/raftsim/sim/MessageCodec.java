package dev.raftsim.sim;

/** How the kernel fingerprints and summarises a host's message type for the trace. */
public interface MessageCodec<M> {
  /** A value-based 64-bit fingerprint, identical for equal messages in every JVM. */
  long fingerprint(M message);

  /** A short human summary, e.g. "AE t3 prev=5/2 n=2". Only called while a trace is being recorded. */
  String summary(M message);

  /**
   * The object a duplicate delivers: the same one for immutable messages (the default); hosts whose messages may
   * be mutated by a receiver return a copy, so the two deliveries cannot see each other's changes.
   */
  default M duplicate(M message) {
    return message;
  }
}
