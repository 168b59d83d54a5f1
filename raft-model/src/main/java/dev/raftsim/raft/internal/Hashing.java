package dev.raftsim.raft.internal;

/**
 * Explicit 64-bit hashing for fingerprints and digests. Everything here is a pure function of its
 * arguments, so results are identical in every JVM (unlike Object.hashCode of enums or record hashCode).
 */
public final class Hashing {
  /** Start value for chains; arbitrary odd constant. */
  public static final long SEED = 0x243F6A8885A308D3L;

  private static final long NULL_STRING = 0x5BD1E9955BD1E995L;

  private Hashing() {}

  /** The splitmix64 finalizer: a bijective 64-bit mixer. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Order-sensitive chaining: combine(combine(s, a), b) differs from combine(combine(s, b), a). */
  public static long combine(long h, long v) {
    return mix(Long.rotateLeft(h, 23) ^ mix(v ^ 0x9E3779B97F4A7C15L));
  }

  public static long combine(long h, boolean v) {
    return combine(h, v ? 1L : 0L);
  }

  /** A 64-bit string hash (FNV-1a over UTF-16 units, then mixed); null has its own value. */
  public static long ofString(String s) {
    if (s == null) {
      return NULL_STRING;
    }
    long h = 0xCBF29CE484222325L ^ s.length();
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001B3L;
    }
    return mix(h);
  }

  /** Folds a 64-bit fingerprint into an int for hashCode() implementations. */
  public static int fold(long h) {
    return (int) (h ^ (h >>> 32));
  }
}
