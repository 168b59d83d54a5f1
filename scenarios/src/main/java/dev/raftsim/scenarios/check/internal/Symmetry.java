package dev.raftsim.scenarios.check.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The node renamings the checker canonicalises over: every permutation of 0..n-1 with symmetry on (identity
 * first), the identity alone with it off. {@code map[k][old]} is the new id of node {@code old} under renaming
 * {@code k}.
 */
public final class Symmetry {
  public final int n;
  public final int count;
  public final int[][] map;

  public Symmetry(int n, boolean on) {
    this.n = n;
    List<int[]> perms = new ArrayList<>();
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    if (on) {
      permute(p, 0, perms);
      // permute() yields the identity first because it starts from it and swaps nothing on the first leaf.
    } else {
      perms.add(p.clone());
    }
    this.map = perms.toArray(new int[0][]);
    this.count = map.length;
    for (int i = 0; i < n; i++) {
      if (map[0][i] != i) {
        throw new IllegalStateException("the first renaming must be the identity");
      }
    }
  }

  private static void permute(int[] p, int k, List<int[]> out) {
    if (k == p.length) {
      out.add(p.clone());
      return;
    }
    for (int i = k; i < p.length; i++) {
      swap(p, k, i);
      permute(p, k + 1, out);
      swap(p, k, i);
    }
  }

  private static void swap(int[] p, int a, int b) {
    int t = p[a];
    p[a] = p[b];
    p[b] = t;
  }

  /** New id of {@code node} under renaming k; -1 stays -1. */
  public int rename(int k, int node) {
    return node < 0 ? -1 : map[k][node];
  }
}
