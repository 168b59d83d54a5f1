package dev.raftsim.scenarios.check.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The states first reached in the BFS level being built, shared by all worker threads: fingerprints claimed by
 * CAS on a primitive long[] (open addressing, linear probing), and per slot the representative state, which is
 * the successor with the smallest key (parent position, action code) among all transitions that reached this
 * fingerprint in this level, kept by a CAS-min. That makes the representative, and so every later path, the
 * same at any thread count: it is the one a sequential BFS in action order would meet first.
 *
 * <p>Growing is not concurrent: the checker calls {@link #ensureRoom} between rounds, when no worker runs.
 */
final class LevelTable {
  private static final VarHandle FP = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle REP = MethodHandles.arrayElementVarHandle(State[].class);

  private long[] fps;
  private State[] reps;
  private int shift;

  LevelTable(int log2) {
    allocate(log2);
  }

  private void allocate(int log2) {
    fps = new long[1 << log2];
    reps = new State[1 << log2];
    shift = 64 - log2;
  }

  int capacity() {
    return fps.length;
  }

  long bytes() {
    return 12L * fps.length + 32;
  }

  /** Makes sure {@code size + extra} entries stay under a load of 0.5 (short probe runs: most probes here miss). */
  void ensureRoom(long size, long extra) {
    long need = size + extra;
    if (need <= fps.length / 2) {
      return;
    }
    int log2 = Integer.numberOfTrailingZeros(fps.length);
    while ((1L << log2) / 2 < need) {
      log2++;
    }
    if (log2 > 30) {
      throw new IllegalStateException("level table full");
    }
    long[] oldFps = fps;
    State[] oldReps = reps;
    allocate(log2);
    for (int j = 0; j < oldFps.length; j++) {
      if (oldFps[j] != 0) {
        int mask = fps.length - 1;
        int i = (int) (oldFps[j] >>> shift);
        while (fps[i] != 0) {
          i = (i + 1) & mask;
        }
        fps[i] = oldFps[j];
        reps[i] = oldReps[j];
      }
    }
  }

  /**
   * Finds or claims the slot of fp. Returns the slot index, or -(slot + 1) when this call claimed it (the first
   * time fp is seen in this level).
   */
  int slot(long fp) {
    long[] f = fps;
    int mask = f.length - 1;
    int i = (int) (fp >>> shift);
    while (true) {
      long v = (long) FP.getVolatile(f, i);
      if (v == 0) {
        if (FP.compareAndSet(f, i, 0L, fp)) {
          return -(i + 1);
        }
        v = (long) FP.getVolatile(f, i);
      }
      if (v == fp) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** Whether a successor of this key would replace the slot's representative (a smaller key wins). */
  boolean improves(int slot, long key) {
    State cur = (State) REP.getVolatile(reps, slot);
    return cur == null || key < cur.key;
  }

  /** Makes s the slot's representative unless one of smaller key is there (CAS-min). */
  void offer(int slot, State s) {
    while (true) {
      State cur = (State) REP.getVolatile(reps, slot);
      if (cur != null && cur.key <= s.key) {
        return;
      }
      if (REP.compareAndSet(reps, slot, cur, s)) {
        return;
      }
    }
  }

  /** The representative of fp in this level, or null. */
  State get(long fp) {
    int mask = fps.length - 1;
    int i = (int) (fp >>> shift);
    while (fps[i] != 0) {
      if (fps[i] == fp) {
        return reps[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** All representatives, in slot order; then empties the table. */
  State[] drain(int count) {
    State[] out = new State[count];
    int c = 0;
    for (int j = 0; j < fps.length; j++) {
      if (fps[j] != 0) {
        out[c++] = reps[j];
      }
    }
    if (c != count) {
      throw new IllegalStateException("level table holds " + c + " states, expected " + count);
    }
    Arrays.fill(fps, 0);
    Arrays.fill(reps, null);
    return out;
  }
}
