package dev.raftsim.scenarios.check.internal;

/**
 * Explicit 64-bit mixing for the model checker's fingerprints: pure functions, identical in every JVM (never
 * Object.hashCode of enums or records).
 */
public final class Mix {
  public static final long SEED = 0x6A09E667F3BCC909L;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Mix() {}

  /** The splitmix64 finalizer: a bijective mixer. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Order-sensitive chaining. */
  public static long combine(long h, long v) {
    return mix(Long.rotateLeft(h, 23) ^ mix(v + GOLDEN));
  }

  public static String hex(long v) {
    String s = Long.toHexString(v);
    return "0".repeat(16 - s.length()) + s;
  }
}
