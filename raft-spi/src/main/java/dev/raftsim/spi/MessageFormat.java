package dev.raftsim.spi;

/**
 * How the host handles an implementation's messages. The fingerprint goes into the run's digest at every send and
 * delivery, so it must be value-based (equal for equal messages in every JVM: no identity hashes, no {@code
 * Object.hashCode} of enums or arrays); the summary is shown in traces and reports. The fingerprint is on the hot
 * path: dispatch on exact classes (final classes, most frequent first) rather than through an interface call.
 */
public interface MessageFormat {
  /** A value-based 64-bit hash over every field of the message. */
  long fingerprint(Object message);

  /** A short human form, e.g. {@code AE t3 prev=5/2 n=2}; only called while a trace is recorded. */
  String summary(Object message);

  /**
   * A copy the receiver may own. The network delivers the same object to a duplicate, and the sender may still
   * hold it: implementations whose messages are mutable return a deep copy here. The default suits immutable
   * messages (records of immutable values).
   */
  default Object copy(Object message) {
    return message;
  }

  /** False when {@link #copy} must be called on send and for every duplicate. */
  default boolean immutableMessages() {
    return true;
  }
}
