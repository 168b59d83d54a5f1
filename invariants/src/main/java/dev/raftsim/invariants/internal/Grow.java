package dev.raftsim.invariants.internal;

import java.util.Arrays;

/** Arrays that grow by doubling, so filling them costs amortised O(1) per element. */
public final class Grow {
  private Grow() {}

  public static long[] atLeast(long[] a, int length) {
    return a.length >= length ? a : Arrays.copyOf(a, newLength(a.length, length));
  }

  public static int[] atLeast(int[] a, int length) {
    return a.length >= length ? a : Arrays.copyOf(a, newLength(a.length, length));
  }

  private static int newLength(int current, int needed) {
    if (needed < 0 || needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("array of " + needed + " elements is beyond the checker's range");
    }
    long doubled = Math.max(16L, (long) current * 2);
    return (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(doubled, needed));
  }
}
