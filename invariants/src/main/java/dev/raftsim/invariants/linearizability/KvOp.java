package dev.raftsim.invariants.linearizability;

/**
 * The operations of the key-value store whose histories the checker reads. Kept local to this package so the
 * checker does not depend on how a host models its commands; the host maps its own op type onto this one.
 */
public enum KvOp {
  /** Replaces the key's value with the input. */
  PUT,
  /** Concatenates the input to the key's value (a missing key counts as ""). */
  APPEND,
  /** Returns the key's value ("" when the key is missing). */
  GET
}
