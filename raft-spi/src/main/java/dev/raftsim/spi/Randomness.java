package dev.raftsim.spi;

/** A node's own seeded random stream: the only randomness an implementation may use inside the simulation. */
public interface Randomness {
  long nextLong();

  /** Uniform in [0, bound). */
  int nextInt(int bound);

  /** Uniform in [lo, hi). */
  long nextLong(long lo, long hi);

  /** Uniform in [0, 1). */
  double nextDouble();
}
