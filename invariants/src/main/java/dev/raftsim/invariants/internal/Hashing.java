package dev.raftsim.invariants.internal;

/**
 * Explicit 64-bit mixing, identical in every JVM (no identity or record hash codes anywhere near a checker).
 */
public final class Hashing {
  /** Prefix hash of the empty log (index 0). Any fixed non-zero constant works. */
  public static final long EMPTY_PREFIX = 0x6a09e667f3bcc908L;

  /** Largest term a checker accepts: keeps term-indexed arrays and packed (index, term) keys exact. */
  public static final long MAX_TERM = 1L << 24;

  private Hashing() {}

  /** splitmix64 finalizer: a bijection on 64-bit values with good avalanche. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * The chained prefix hash of a log position: depends on every entry up to it, in order. For a fixed prefix it is
   * a bijection of the entry digest, so two different entries after the same prefix never collide.
   */
  public static long extendPrefix(long prefix, long entryDigest) {
    return mix(prefix * 0x9e3779b97f4a7c15L + mix(entryDigest ^ 0xd1b54a32d192ed03L));
  }

  /**
   * An exact (collision-free) packing of a log position and the term of its entry: distinct pairs never share a key,
   * so a LogMatching report is never caused by the key itself.
   */
  public static long indexTermKey(int index, long term) {
    if (index < 1 || term < 0 || term > MAX_TERM) {
      throw new IllegalStateException("log position " + index + " of term " + term + " is outside the checker's range");
    }
    return (term << 32) | index;
  }
}
