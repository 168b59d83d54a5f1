package dev.raftsim.scenarios.internal;

import dev.raftsim.scenarios.HistoryOp;
import dev.raftsim.scenarios.SequentialModel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Linearizability of a user workload's history against its {@link SequentialModel}: Wing and Gong's search with
 * Lowe's memoisation of (operations linearized, model state). The built-in KV workload has its own, faster checker
 * (split per key, with the log's witness); a user's model is opaque, so this one searches the whole history. Each
 * client has at most one operation outstanding, so at any point only a few operations are candidates and the search
 * stays small for simulated histories. It gives up after {@code budget} states, answering {@link Outcome#UNKNOWN}
 * (never a pass).
 */
public final class ModelLinearizability {
  /** The verdict. */
  public enum Outcome { LINEARIZABLE, VIOLATED, UNKNOWN }

  /** A verdict with a sentence for a violation. */
  public record Result(Outcome outcome, String message) {}

  private final int budget;

  public ModelLinearizability(int budget) {
    this.budget = budget;
  }

  public <S> Result check(List<HistoryOp> history, SequentialModel<S> model) {
    List<HistoryOp> ops = new ArrayList<>();
    for (HistoryOp h : history) {
      if (h.operation() == null) {
        throw new IllegalArgumentException("history op #" + h.id() + " carries no workload operation");
      }
      ops.add(h);
    }
    int n = ops.size();
    int completed = 0;
    for (HistoryOp h : ops) {
      if (h.completed()) {
        completed++;
      }
    }
    Search<S> s = new Search<>(ops, model, budget);
    Boolean ok = s.run(new BitSet(n), model.initial(), completed);
    if (ok == null) {
      return new Result(Outcome.UNKNOWN, "the search gave up after " + budget + " states");
    }
    if (ok) {
      return new Result(Outcome.LINEARIZABLE, "");
    }
    HistoryOp stuck = s.deepestStuck;
    return new Result(Outcome.VIOLATED, "no order of the " + n + " operations explains what the clients saw"
        + (stuck == null ? "" : "; at best, after " + s.deepest + " operations, none fits next, e.g. c" + stuck.client()
            + "#" + stuck.seq() + " " + stuck.operation().describe() + " returned "
            + (stuck.output() == null ? "nothing" : "\"" + stuck.output() + "\"") + " at "
            + String.format(java.util.Locale.ROOT, "%.3f ms", stuck.completeMicros() / 1000.0)));
  }

  private static final class Search<S> {
    private final List<HistoryOp> ops;
    private final SequentialModel<S> model;
    private final int budget;
    private final HashSet<Object> seen = new HashSet<>();
    private int visited;
    int deepest = -1;
    HistoryOp deepestStuck;

    Search(List<HistoryOp> ops, SequentialModel<S> model, int budget) {
      this.ops = ops;
      this.model = model;
      this.budget = budget;
    }

    private record Key(BitSet done, Object state) {}

    /** True: linearizable from here; false: not; null: out of budget. */
    Boolean run(BitSet done, S state, int completedLeft) {
      if (completedLeft == 0) {
        return true; // every completed operation took effect; the pending ones may or may not have
      }
      if (!seen.add(new Key((BitSet) done.clone(), state))) {
        return false;
      }
      if (++visited > budget) {
        return null;
      }
      // Only an operation invoked before every remaining completed operation's response can go next.
      long horizon = Long.MAX_VALUE;
      for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
        HistoryOp h = ops.get(i);
        if (h.completed()) {
          horizon = Math.min(horizon, h.completeMicros());
        }
      }
      HistoryOp firstMisfit = null;
      for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
        HistoryOp h = ops.get(i);
        if (h.invokeMicros() > horizon) {
          continue;
        }
        SequentialModel.Step<S> step = model.apply(state, h.operation());
        if (h.completed() && !Objects.equals(step.result(), h.output())) {
          if (firstMisfit == null) {
            firstMisfit = h;
          }
          continue;
        }
        done.set(i);
        Boolean r = run(done, step.state(), completedLeft - (h.completed() ? 1 : 0));
        done.clear(i);
        if (r == null || r) {
          return r;
        }
      }
      if (done.cardinality() > deepest && firstMisfit != null) {
        deepest = done.cardinality();
        deepestStuck = firstMisfit;
      }
      return false;
    }
  }
}
