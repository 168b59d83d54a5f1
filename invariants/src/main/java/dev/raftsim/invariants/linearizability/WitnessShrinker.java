package dev.raftsim.invariants.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a non-linearizable single-key history to a small subset that still cannot be ordered on its own.
 *
 * <p>Removing a read only ever removes a constraint, so a subset of reads that still fails is an honest
 * witness. Removing a write is different: it can manufacture a failure the history never had (a read whose
 * explaining write is gone now looks stale or invented), and such a witness would lie about what went wrong.
 * Hence three phases, each delta-debugging style (drop halves, quarters, ..., then single operations):
 * <ol>
 *   <li>drop reads while keeping every write, leaving the few reads the failure needs;
 *   <li>drop writes, but only while each remaining read stays as explicable as it was in the full history: a
 *       read whose value some of the key's writes could produce (ignoring order; and again counting only
 *       writes invoked before the read completed) must stay so, and a read that the key's writes alone could
 *       serve must still be servable by the writes left;
 *   <li>single removals of either kind under the same guard until none succeeds.
 * </ol>
 */
final class WitnessShrinker {
  private final List<Operation> ops;
  private final Allowance allowance;
  private boolean budgetHit;
  /** Per operation index, for reads kept after phase 1: the explicability to preserve. */
  private final boolean[] mustStayProducible;
  private final boolean[] mustStayTimedProducible;
  private final boolean[] mustStayServable;

  /** {@code ops} must be non-linearizable, on one key, in the order the witness should keep. */
  WitnessShrinker(List<Operation> ops, Allowance allowance) {
    List<Operation> relevant = new ArrayList<>(ops.size());
    for (Operation o : ops) {
      if (o.completed() || o.isWrite()) {
        relevant.add(o); // a never-completed read constrains nothing and never belongs in a witness
      }
    }
    this.ops = relevant;
    this.allowance = allowance;
    this.mustStayProducible = new boolean[relevant.size()];
    this.mustStayTimedProducible = new boolean[relevant.size()];
    this.mustStayServable = new boolean[relevant.size()];
  }

  /** True when shrinking stopped early because the budget ran out (the witness may not be minimal). */
  boolean budgetHit() {
    return budgetHit;
  }

  List<Operation> shrink() {
    List<Integer> writes = new ArrayList<>();
    List<Integer> reads = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      (ops.get(i).isWrite() ? writes : reads).add(i);
    }
    List<Integer> keptReads = reduce(reads, candidate -> fails(merge(writes, candidate)));
    for (int r : keptReads) {
      mustStayProducible[r] = producible(r, writes, Long.MAX_VALUE);
      mustStayTimedProducible[r] = timedProducible(r, writes);
      mustStayServable[r] = servable(r, writes);
    }
    List<Integer> keptWrites =
        reduce(writes, candidate -> explicable(candidate, keptReads) && fails(merge(candidate, keptReads)));
    List<Integer> current = merge(keptWrites, keptReads);
    current = reduce(current, 1, candidate -> explicable(candidate) && fails(candidate));
    List<Operation> witness = new ArrayList<>(current.size());
    for (int i : current) {
      witness.add(ops.get(i));
    }
    return witness;
  }

  private List<Integer> reduce(List<Integer> items, Predicate<List<Integer>> stillFails) {
    return reduce(items, Math.max(1, items.size() / 2), stillFails);
  }

  /** Drops chunks of the given size and smaller while the rest still fails, then single items to a fixpoint. */
  private List<Integer> reduce(List<Integer> items, int firstChunk, Predicate<List<Integer>> stillFails) {
    List<Integer> current = items;
    for (int chunk = firstChunk; chunk > 1 && !budgetHit; chunk /= 2) {
      current = dropChunks(current, chunk, stillFails);
    }
    int before = -1;
    while (!budgetHit && before != current.size()) {
      before = current.size();
      current = dropChunks(current, 1, stillFails);
    }
    return current;
  }

  private List<Integer> dropChunks(List<Integer> current, int chunk, Predicate<List<Integer>> stillFails) {
    int start = 0;
    while (start < current.size() && !budgetHit) {
      int end = Math.min(start + chunk, current.size());
      List<Integer> candidate = new ArrayList<>(current.size() - (end - start));
      candidate.addAll(current.subList(0, start));
      candidate.addAll(current.subList(end, current.size()));
      if (!candidate.isEmpty() && stillFails.test(candidate)) {
        current = candidate;
      } else {
        start = end;
      }
    }
    return current;
  }

  /** Ascending merge of two ascending index lists, so sub-histories keep the witness order. */
  private static List<Integer> merge(List<Integer> a, List<Integer> b) {
    List<Integer> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (j >= b.size() || (i < a.size() && a.get(i) < b.get(j))) {
        out.add(a.get(i++));
      } else {
        out.add(b.get(j++));
      }
    }
    return out;
  }

  private boolean explicable(List<Integer> candidate) {
    List<Integer> writes = new ArrayList<>();
    List<Integer> reads = new ArrayList<>();
    for (int i : candidate) {
      (ops.get(i).isWrite() ? writes : reads).add(i);
    }
    return explicable(writes, reads);
  }

  private boolean explicable(List<Integer> writes, List<Integer> reads) {
    for (int r : reads) {
      if (mustStayProducible[r] && !producible(r, writes, Long.MAX_VALUE)) {
        return false;
      }
      if (mustStayTimedProducible[r] && !timedProducible(r, writes)) {
        return false;
      }
    }
    for (int r : reads) {
      if (mustStayServable[r] && !servable(r, writes)) {
        return false;
      }
    }
    return true;
  }

  /** Could writes invoked no later than the read's completion produce its value, ignoring their order? */
  private boolean timedProducible(int read, List<Integer> writes) {
    return producible(read, writes, ops.get(read).completeMicros());
  }

  private boolean producible(int read, List<Integer> writes, long invokedBy) {
    List<Operation> early = new ArrayList<>();
    for (int w : writes) {
      if (ops.get(w).invokeMicros() <= invokedBy) {
        early.add(ops.get(w));
      }
    }
    return new Producibility(early).canProduce(ops.get(read).output());
  }

  /** Is the read, alone with these writes, linearizable? Out of budget counts as no. */
  private boolean servable(int read, List<Integer> writes) {
    List<Operation> sub = new ArrayList<>(writes.size() + 1);
    for (int w : writes) {
      sub.add(ops.get(w));
    }
    sub.add(ops.get(read));
    return search(sub) == KeySearch.Verdict.LINEARIZABLE;
  }

  private boolean fails(List<Integer> candidate) {
    List<Operation> sub = new ArrayList<>(candidate.size());
    boolean anyRead = false;
    for (int i : candidate) {
      Operation o = ops.get(i);
      sub.add(o);
      anyRead |= !o.isWrite();
    }
    // Writes alone always linearize (any real-time order of them works).
    return anyRead && search(sub) == KeySearch.Verdict.NOT_LINEARIZABLE;
  }

  private KeySearch.Verdict search(List<Operation> sub) {
    if (allowance.exhausted()) {
      budgetHit = true;
      return KeySearch.Verdict.BUDGET_EXHAUSTED;
    }
    KeySearch.Verdict verdict = allowance.search(sub).verdict();
    if (allowance.exhausted()) {
      budgetHit = true;
    }
    return verdict;
  }
}
