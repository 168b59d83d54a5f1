package dev.raftsim.invariants.linearizability;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a value could be read at all given a set of writes, ignoring timing: some PUT (or the initial "")
 * followed by some of the APPENDs, each used at most once, in any order.
 *
 * <p>The witness shrinker uses it to avoid a misleading witness: dropping the write that explains a read would
 * turn a stale read into "a value nobody wrote". It is a heuristic guard, so on pathological inputs (many
 * appends that tile a value in many ways) it gives up after a fixed number of steps and answers "yes".
 */
final class Producibility {
  private static final int STEP_CAP = 20_000;

  private final List<String> putValues = new ArrayList<>();
  private final List<String> appendValues = new ArrayList<>();
  private int steps;

  Producibility(List<Operation> ops) {
    for (Operation o : ops) {
      if (o.op() == KvOp.PUT) {
        putValues.add(o.input());
      } else if (o.op() == KvOp.APPEND && !o.input().isEmpty()) {
        appendValues.add(o.input());
      }
    }
  }

  boolean canProduce(String value) {
    if (value.isEmpty()) {
      return true;
    }
    steps = 0;
    boolean[] used = new boolean[appendValues.size()];
    if (tile(value, 0, used)) {
      return true;
    }
    for (int i = 0; i < putValues.size(); i++) {
      String base = putValues.get(i);
      if (value.startsWith(base) && !seenBefore(putValues, i) && tile(value, base.length(), used)) {
        return true;
      }
    }
    return steps > STEP_CAP;
  }

  /** Can value[pos..] be covered by distinct unused appends, in some order? */
  private boolean tile(String value, int pos, boolean[] used) {
    if (pos == value.length()) {
      return true;
    }
    if (++steps > STEP_CAP) {
      return true;
    }
    for (int i = 0; i < appendValues.size(); i++) {
      if (used[i]) {
        continue;
      }
      String a = appendValues.get(i);
      if (!value.startsWith(a, pos) || seenUnusedBefore(i, used)) {
        continue;
      }
      used[i] = true;
      boolean ok = tile(value, pos + a.length(), used);
      used[i] = false;
      if (ok) {
        return true;
      }
    }
    return false;
  }

  /** Identical appends are interchangeable: only the first unused copy needs trying. */
  private boolean seenUnusedBefore(int i, boolean[] used) {
    String a = appendValues.get(i);
    for (int j = 0; j < i; j++) {
      if (!used[j] && appendValues.get(j).equals(a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean seenBefore(List<String> values, int i) {
    for (int j = 0; j < i; j++) {
      if (values.get(j).equals(values.get(i))) {
        return true;
      }
    }
    return false;
  }
}
