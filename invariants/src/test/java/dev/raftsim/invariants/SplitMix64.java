package dev.raftsim.invariants;

/** A tiny seeded generator for tests (splitmix64), so histories are the same on every JVM. */
final class SplitMix64 {
  private long state;

  SplitMix64(long seed) {
    state = seed;
  }

  long next() {
    long z = (state += 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Uniform in 0..bound-1. */
  int below(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound " + bound);
    }
    return (int) Long.remainderUnsigned(next(), bound);
  }

  /** Uniform in lo..hi inclusive. */
  int between(int lo, int hi) {
    return lo + below(hi - lo + 1);
  }

  boolean percent(int p) {
    return below(100) < p;
  }

  boolean permille(int p) {
    return below(1000) < p;
  }
}
