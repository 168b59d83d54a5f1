package dev.raftsim.invariants.linearizability;

/**
 * Sorts ints by a comparator without boxing them (a merge sort). The searches sort operation and entry indexes
 * by times and values on every check; boxed sorts were a visible share of the end-of-run check.
 */
final class IntSort {
  /** A total order on ints; ties must not occur for a deterministic result (break them by the ints). */
  @FunctionalInterface
  interface Order {
    int compare(int a, int b);
  }

  private IntSort() {}

  static void sort(int[] a, Order order) {
    if (a.length < 2) {
      return;
    }
    int[] buffer = a.clone();
    mergeSort(buffer, a, 0, a.length, order);
  }

  /** Sorts src[lo, hi) into dst[lo, hi); both start with the same contents. */
  private static void mergeSort(int[] src, int[] dst, int lo, int hi, Order order) {
    int n = hi - lo;
    if (n < 12) {
      for (int i = lo + 1; i < hi; i++) {
        int v = dst[i];
        int j = i - 1;
        while (j >= lo && order.compare(dst[j], v) > 0) {
          dst[j + 1] = dst[j];
          j--;
        }
        dst[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(dst, src, lo, mid, order);
    mergeSort(dst, src, mid, hi, order);
    if (order.compare(src[mid - 1], src[mid]) <= 0) {
      System.arraycopy(src, lo, dst, lo, n);
      return;
    }
    for (int i = lo, p = lo, q = mid; i < hi; i++) {
      if (q >= hi || (p < mid && order.compare(src[p], src[q]) <= 0)) {
        dst[i] = src[p++];
      } else {
        dst[i] = src[q++];
      }
    }
  }
}
