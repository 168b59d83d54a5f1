package dev.raftsim.scenarios.check.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The visited set: 64-bit state fingerprints in a primitive open-addressing table (linear probing, 0 = empty
 * slot, fingerprints are never 0), 8 bytes per slot, grown by doubling past a load factor of 0.75 (so between
 * 0.375 and 0.75 after the first growth: about 11-21 bytes per state).
 *
 * <p>Concurrency: {@link #contains} may run on many threads while no thread adds; {@link #add} is
 * single-threaded; {@link #addConcurrent} (CAS on the slot) may run on many threads at once after {@link
 * #reserve} made room, while no thread reads.
 */
public final class FingerprintSet {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
  private static final double MAX_LOAD = 0.75;
  private long[] slots;
  private int shift;
  private long size;
  private long limit;

  public FingerprintSet(int initialLog2) {
    allocate(initialLog2);
  }

  private void allocate(int log2) {
    if (log2 > 30) {
      throw new IllegalStateException("visited table full: more than " + (1L << 30) * 3 / 4 + " states");
    }
    slots = new long[1 << log2];
    shift = 64 - log2;
    limit = (long) (slots.length * MAX_LOAD);
  }

  private int index(long fp) {
    return (int) (fp >>> shift);
  }

  public boolean contains(long fp) {
    long[] s = slots;
    int mask = s.length - 1;
    int i = index(fp);
    while (true) {
      long v = s[i];
      if (v == fp) {
        return true;
      }
      if (v == 0) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds fp; returns false if it was present. */
  public boolean add(long fp) {
    if (fp == 0) {
      throw new IllegalArgumentException("fingerprint 0 is the empty-slot marker");
    }
    if (size + 1 > limit) {
      grow();
    }
    if (insert(slots, fp)) {
      size++;
      return true;
    }
    return false;
  }

  /** Grows now, single-threaded, so that {@code extra} more fingerprints fit under the load limit. */
  public void reserve(long extra) {
    while (size + extra > limit) {
      grow();
    }
  }

  /** Adds fp from any thread (after {@link #reserve}); returns false if present. Call {@link #added} after. */
  public boolean addConcurrent(long fp) {
    long[] s = slots;
    int mask = s.length - 1;
    int i = index(fp);
    while (true) {
      long v = (long) SLOT.getVolatile(s, i);
      if (v == 0) {
        if (SLOT.compareAndSet(s, i, 0L, fp)) {
          return true;
        }
        v = (long) SLOT.getVolatile(s, i);
      }
      if (v == fp) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  /** Accounts for fingerprints added by {@link #addConcurrent}. */
  public void added(long count) {
    size += count;
  }

  private boolean insert(long[] s, long fp) {
    int mask = s.length - 1;
    int i = index(fp);
    while (true) {
      long v = s[i];
      if (v == fp) {
        return false;
      }
      if (v == 0) {
        s[i] = fp;
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] old = slots;
    allocate(Integer.numberOfTrailingZeros(old.length) + 1);
    for (long v : old) {
      if (v != 0) {
        insert(slots, v);
      }
    }
  }

  public long size() {
    return size;
  }

  public long capacity() {
    return slots.length;
  }

  /** Bytes held by the table's array. */
  public long bytes() {
    return 8L * slots.length + 16;
  }
}
