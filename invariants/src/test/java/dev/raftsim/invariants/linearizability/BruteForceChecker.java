package dev.raftsim.invariants.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition of linearizability, executed literally on tiny histories: try every subset of the
 * never-completed writes and every order of the chosen operations that respects real time, replaying a
 * whole key-value map (not key by key, so it also checks the checker's per-key split).
 */
final class BruteForceChecker {
  private BruteForceChecker() {}

  static boolean linearizable(List<Operation> history) {
    if (history.size() > 10) {
      throw new IllegalArgumentException("brute force is for tiny histories only");
    }
    List<Operation> required = new ArrayList<>();
    List<Operation> optional = new ArrayList<>();
    for (Operation o : history) {
      if (o.completed()) {
        required.add(o);
      } else if (o.isWrite()) {
        optional.add(o);
      }
      // A pending GET constrains nothing.
    }
    for (int mask = 0; mask < (1 << optional.size()); mask++) {
      List<Operation> chosen = new ArrayList<>(required);
      for (int i = 0; i < optional.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          chosen.add(optional.get(i));
        }
      }
      if (orderExists(chosen, new boolean[chosen.size()], 0, new HashMap<>())) {
        return true;
      }
    }
    return false;
  }

  private static boolean orderExists(List<Operation> ops, boolean[] placed, int count, Map<String, String> kv) {
    if (count == ops.size()) {
      return true;
    }
    for (int i = 0; i < ops.size(); i++) {
      if (placed[i] || !allPredecessorsPlaced(ops, placed, i)) {
        continue;
      }
      Operation o = ops.get(i);
      String before = kv.getOrDefault(o.key(), "");
      switch (o.op()) {
        case GET -> {
          if (!before.equals(o.output())) {
            continue;
          }
        }
        case PUT -> kv.put(o.key(), o.input());
        case APPEND -> kv.put(o.key(), before + o.input());
        default -> throw new IllegalStateException();
      }
      placed[i] = true;
      boolean ok = orderExists(ops, placed, count + 1, kv);
      placed[i] = false;
      kv.put(o.key(), before);
      if (ok) {
        return true;
      }
    }
    return false;
  }

  /** Real time: an operation that completed strictly before this one was invoked must come first. */
  private static boolean allPredecessorsPlaced(List<Operation> ops, boolean[] placed, int i) {
    for (int j = 0; j < ops.size(); j++) {
      if (!placed[j] && j != i && ops.get(j).completeMicros() < ops.get(i).invokeMicros()) {
        return false;
      }
    }
    return true;
  }
}
