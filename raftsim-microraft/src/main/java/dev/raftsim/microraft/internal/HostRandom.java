package dev.raftsim.microraft.internal;

import dev.raftsim.spi.Randomness;
import java.util.Random;

/**
 * A {@link Random} whose every bit comes from the node's own seeded stream (MicroRaft draws its election-timeout
 * noise from the {@code Random} it is given). The superclass's seed is never used: {@link #next} is the only source
 * {@code Random}'s other methods build on.
 */
final class HostRandom extends Random {
  private static final long serialVersionUID = 1L;
  private final transient Randomness stream;

  HostRandom(Randomness stream) {
    super(0);
    this.stream = stream;
  }

  @Override
  protected int next(int bits) {
    return (int) (stream.nextLong() >>> (64 - bits));
  }
}
