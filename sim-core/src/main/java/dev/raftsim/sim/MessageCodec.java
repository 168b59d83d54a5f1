package dev.raftsim.sim;

/** How the kernel fingerprints and summarises a host's message type for the trace. */
public interface MessageCodec<M> {
  /** A value-based 64-bit fingerprint, identical for equal messages in every JVM. */
  long fingerprint(M message);

  /** A short human summary, e.g. "AE t3 prev=5/2 n=2". Only called while a trace is being recorded. */
  String summary(M message);
}
