package dev.raftsim.sim;

/**
 * The project's pseudo-random generator: SplitMix64 (Steele, Lea and Flood), small, fast and identical in every
 * JVM. Every random decision of a simulation comes from a {@code Prng} derived from the run's seed; subsystems get
 * independent streams ({@link #derive}) so that how often one of them draws never shifts another's sequence.
 */
public final class Prng {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long state;

  public Prng(long seed) {
    this.state = seed;
  }

  /** An independent stream for {@code purpose} under {@code seed}: a pure function of both. */
  public static Prng derive(long seed, long purpose) {
    return new Prng(mix64(seed ^ mix64(purpose * GOLDEN_GAMMA + 0x632be59bd9b4e019L)));
  }

  /** An independent stream for a named purpose (the name's hash is specified by the JLS, so it is stable). */
  public static Prng derive(long seed, String purpose) {
    return derive(seed, stringKey(purpose));
  }

  /** A stable 64-bit key of a string, for stream purposes and digests. */
  public static long stringKey(String s) {
    long h = 0x84222325cbf29ce4L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return mix64(h);
  }

  /** SplitMix64's output function; a good 64-bit finaliser for hashing too. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    return mix64(state += GOLDEN_GAMMA);
  }

  /** Moves this stream to another one, a pure function of its state and {@code salt} (a {@link Fault.Reseed}). */
  public void branch(long salt) {
    state = mix64(state ^ mix64(salt + GOLDEN_GAMMA));
  }

  /** Uniform in [0, bound) without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    int r = (int) (nextLong() >>> 33);
    int m = bound - 1;
    if ((bound & m) == 0) {
      return (int) ((bound * (long) r) >>> 31);
    }
    for (int u = r; u - (r = u % bound) + m < 0; u = (int) (nextLong() >>> 33)) {
      // rejected: retry to stay unbiased
    }
    return r;
  }

  /** Uniform in [lo, hi] (inclusive). */
  public long nextLong(long lo, long hi) {
    if (hi < lo) {
      throw new IllegalArgumentException("empty range " + lo + ".." + hi);
    }
    long span = hi - lo + 1;
    if (span <= 0) {
      return lo + (nextLong() & Long.MAX_VALUE) % (hi - lo);
    }
    return lo + Long.remainderUnsigned(nextLong(), span);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** True with probability p (p <= 0 never draws, so switching a fault off does not consume the stream). */
  public boolean chance(double p) {
    if (p <= 0) {
      return false;
    }
    return p >= 1 || nextDouble() < p;
  }

  /**
   * Exponentially distributed with the given mean: {@code (long) (-StrictMath.log(u) * mean)}, which is identical on
   * every platform.
   *
   * <p>The network draws one per message, and on JDK 17 {@code StrictMath.log} is a native call that cannot be
   * inlined. So the product is first computed with the intrinsic {@code Math.log}, which may differ from
   * {@code StrictMath.log} only in the last bit or two (each is within one ulp of the exact logarithm): truncated to
   * a long, the two agree unless the product lies within a hair of an integer, and only then is StrictMath asked.
   * The guard band, 1e-9 relative, is millions of times wider than the two results can differ.
   */
  public long exponential(long mean) {
    if (mean <= 0) {
      return 0;
    }
    return exponentialOf(1.0 - nextDouble(), mean);
  }

  /** The draw for a uniform {@code u} in (0, 1]; package-private for the tests. */
  static long exponentialOf(double u, long mean) {
    double fast = -Math.log(u) * mean;
    double nearest = Math.rint(fast);
    if (Math.abs(fast - nearest) <= NEAR_INTEGER * (fast + 1.0)) {
      return (long) (-StrictMath.log(u) * mean);
    }
    return (long) fast;
  }

  private static final double NEAR_INTEGER = 1e-9;

  /** Picks one element uniformly. */
  public <T> T pick(java.util.List<T> items) {
    return items.get(nextInt(items.size()));
  }
}
