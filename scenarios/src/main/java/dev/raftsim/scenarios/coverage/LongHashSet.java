package dev.raftsim.scenarios.coverage;

import java.util.Arrays;

/**
 * An open-addressing set of 64-bit values (linear probing, no boxing), for abstract-state hashes. The value 0 is
 * stored out of band. Iteration order is a function of the insertions only.
 */
public final class LongHashSet {
  private long[] table;
  private int size;
  private boolean hasZero;

  public LongHashSet() {
    this(64);
  }

  public LongHashSet(int expected) {
    int cap = 16;
    while (cap < expected * 2) {
      cap <<= 1;
    }
    table = new long[cap];
  }

  /** Adds {@code v}; true if it was not there. */
  public boolean add(long v) {
    if (v == 0) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      size++;
      return true;
    }
    long[] t = table;
    int mask = t.length - 1;
    int i = (int) (mix(v) & mask);
    while (true) {
      long x = t[i];
      if (x == v) {
        return false;
      }
      if (x == 0) {
        t[i] = v;
        if (++size * 2 > t.length) {
          grow();
        }
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  public boolean contains(long v) {
    if (v == 0) {
      return hasZero;
    }
    long[] t = table;
    int mask = t.length - 1;
    int i = (int) (mix(v) & mask);
    while (true) {
      long x = t[i];
      if (x == v) {
        return true;
      }
      if (x == 0) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  public int size() {
    return size;
  }

  /** The values, sorted (a canonical order). */
  public long[] toSortedArray() {
    long[] out = new long[size];
    int k = 0;
    if (hasZero) {
      out[k++] = 0;
    }
    for (long x : table) {
      if (x != 0) {
        out[k++] = x;
      }
    }
    Arrays.sort(out);
    return out;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long x : old) {
      if (x != 0) {
        int i = (int) (mix(x) & mask);
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = x;
      }
    }
  }

  private static long mix(long v) {
    long z = v * 0x9E3779B97F4A7C15L;
    return z ^ (z >>> 29);
  }
}
