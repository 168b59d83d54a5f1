package org.example.tinyraft;

import dev.raftsim.spi.Operation;

/**
 * The example's own workload operations: add to a shared counter (returns the new total) or read it. The workload
 * and its sequential model, with which raftsim checks linearizability, are in the tests ({@code CounterWorkload}).
 */
public final class Counter {
  private Counter() {}

  /** Adds {@code delta}; the client sees the total after it. */
  public record Add(long delta) implements Operation {
    @Override
    public long fingerprint() {
      return TinyRaft.mix(0x616464L ^ TinyRaft.mix(delta));
    }

    @Override
    public String describe() {
      return "add " + delta;
    }
  }

  /** Reads the total. */
  public record Read() implements Operation {
    @Override
    public long fingerprint() {
      return 0x72656164L;
    }

    @Override
    public String describe() {
      return "read";
    }
  }
}
