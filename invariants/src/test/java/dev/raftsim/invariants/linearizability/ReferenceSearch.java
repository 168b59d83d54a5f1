package dev.raftsim.invariants.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A deliberately plain, independent linearizability search for mid-sized single-key histories: depth-first
 * over "which operation takes effect next", memoising (placed set, value) pairs, with none of the checker's
 * reductions. Slower, but simple enough to trust as a second opinion on histories too long for brute force.
 */
final class ReferenceSearch {
  private final List<Operation> ops = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private long budget;

  private ReferenceSearch(List<Operation> history, long budget) {
    for (Operation o : history) {
      if (o.completed() || o.isWrite()) {
        ops.add(o);
      }
    }
    this.budget = budget;
  }

  /** TRUE/FALSE, or null when the budget ran out. */
  static Boolean linearizable(List<Operation> singleKeyHistory, long budget) {
    ReferenceSearch s = new ReferenceSearch(singleKeyHistory, budget);
    try {
      return s.dfs(new BitSet(), "");
    } catch (IllegalStateException outOfBudget) {
      return null;
    }
  }

  private boolean dfs(BitSet placed, String value) {
    boolean allCompletedPlaced = true;
    long deadline = Long.MAX_VALUE;
    for (int i = 0; i < ops.size(); i++) {
      if (!placed.get(i) && ops.get(i).completed()) {
        allCompletedPlaced = false;
        deadline = Math.min(deadline, ops.get(i).completeMicros());
      }
    }
    if (allCompletedPlaced) {
      return true;
    }
    if (!seen.add(placed + "|" + value)) {
      return false;
    }
    if (--budget < 0) {
      throw new IllegalStateException("budget");
    }
    for (int i = 0; i < ops.size(); i++) {
      Operation o = ops.get(i);
      // o may go next only if no unplaced completed operation finished strictly before o was invoked.
      if (placed.get(i) || o.invokeMicros() > deadline) {
        continue;
      }
      String after;
      switch (o.op()) {
        case PUT -> after = o.input();
        case APPEND -> after = value + o.input();
        default -> {
          if (!o.output().equals(value)) {
            continue;
          }
          after = value;
        }
      }
      placed.set(i);
      boolean ok = dfs(placed, after);
      placed.clear(i);
      if (ok) {
        return true;
      }
    }
    return false;
  }
}
