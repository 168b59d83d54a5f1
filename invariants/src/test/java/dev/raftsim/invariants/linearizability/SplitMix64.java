package dev.raftsim.invariants.linearizability;

/** Tiny seeded generator for tests (the project never uses java.util.Random). */
final class SplitMix64 {
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) Long.remainderUnsigned(nextLong(), bound);
  }

  /** Uniform in [lo, hi]. */
  long between(long lo, long hi) {
    return lo + Long.remainderUnsigned(nextLong(), hi - lo + 1);
  }

  boolean chance(int percent) {
    return nextInt(100) < percent;
  }
}
