package dev.raftsim.invariants.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that a history of key-value store operations is linearizable: that every operation can be given a
 * single instant between its invocation and completion such that, in the order of those instants, each GET
 * returns the value the PUTs and APPENDs before it produce. Operations that never completed may take effect at
 * any instant after their invocation, or not at all, and their outputs are ignored.
 *
 * <p>A history is linearizable iff each key's sub-history is (linearizability is compositional), so keys are
 * checked one by one, in sorted order, with the Wing & Gong search and Lowe's memo (see {@link KeySearch}).
 * The search is exponential in the worst case, so it runs on a budget of explored states; running out gives
 * {@link Outcome#UNKNOWN}, never a guess. Everything is deterministic: same history, same result.
 */
public final class LinearizabilityChecker {

  /**
   * How many search states (configurations of linearized operations and key value) may be explored.
   *
   * @param maxStatesPerKey cap for deciding one key's sub-history
   * @param maxTotalStates cap for deciding the whole history, over all keys
   * @param maxShrinkStates extra allowance for shrinking a failing key's sub-history to a small witness and
   *     explaining it; when it runs out the verdict stands and the witness is just less minimal
   */
  public record Budget(long maxStatesPerKey, long maxTotalStates, long maxShrinkStates) {
    /**
     * Enough for a 1,000-operation history of a handful of concurrent clients (which needs a few thousand
     * states), while bounding memory to tens of megabytes on pathological histories.
     */
    public static final Budget DEFAULT = new Budget(100_000, 1_000_000, 200_000);

    public Budget {
      if (maxStatesPerKey < 1 || maxTotalStates < 1 || maxShrinkStates < 0) {
        throw new IllegalArgumentException(
            "budget must allow at least one state per key and in total, and no negative shrink allowance: "
                + maxStatesPerKey + ", " + maxTotalStates + ", " + maxShrinkStates);
      }
    }

    /** A budget whose shrink allowance equals the total one. */
    public Budget(long maxStatesPerKey, long maxTotalStates) {
      this(maxStatesPerKey, maxTotalStates, maxTotalStates);
    }
  }

  public enum Outcome {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The budget ran out before some key could be decided (and no key was found non-linearizable). */
    UNKNOWN
  }

  /**
   * @param outcome the verdict
   * @param key for NOT_LINEARIZABLE the key whose sub-history fails, for UNKNOWN the first undecided key;
   *     null when LINEARIZABLE
   * @param offending for NOT_LINEARIZABLE a small set of that key's operations that cannot be ordered even on
   *     their own, sorted by invocation time; empty otherwise
   * @param message one paragraph for people
   * @param statesExplored search states explored in total, including shrinking the witness
   */
  public record Result(Outcome outcome, String key, List<Operation> offending, String message, long statesExplored) {
    public Result {
      offending = List.copyOf(offending);
    }

    public boolean linearizable() {
      return outcome == Outcome.LINEARIZABLE;
    }
  }

  /** Orders a witness for people: by invocation, then completion, then id. */
  private static final Comparator<Operation> BY_TIME =
      Comparator.comparingLong(Operation::invokeMicros)
          .thenComparingLong(Operation::completeMicros)
          .thenComparingInt(Operation::id);

  /** The diagnosis runs a few searches over the (small) witness; each gets at most this many states. */
  private static final long EXPLANATION_STATES_PER_SEARCH = 10_000;

  /** ... and all of them together at most this many, so a large unshrunk witness cannot take long. */
  private static final long EXPLANATION_STATES_TOTAL = 100_000;

  private final Budget budget;

  public LinearizabilityChecker() {
    this(Budget.DEFAULT);
  }

  public LinearizabilityChecker(Budget budget) {
    if (budget == null) {
      throw new IllegalArgumentException("budget is required");
    }
    this.budget = budget;
  }

  public Budget budget() {
    return budget;
  }

  /**
   * Decides the history, trying {@code witness} first: when it is a valid linearization (see {@link Witness}) the
   * history is linearizable and no search is needed; otherwise this is {@link #check(List)}.
   */
  public Result check(List<Operation> history, Witness witness) {
    if (witness != null && witness.validates(history)) {
      return new Result(Outcome.LINEARIZABLE, null, List.of(),
          "linearizable: " + count(history.size(), "operation")
              + " (the supplied order is a linearization; no search needed)", 0);
    }
    return check(history);
  }

  public Result check(List<Operation> history) {
    Map<String, List<Operation>> byKey = new TreeMap<>();
    for (Operation o : history) {
      byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
    }
    Allowance decide = new Allowance(budget.maxStatesPerKey(), budget.maxTotalStates());
    String firstUndecided = null;
    int undecidedKeys = 0;
    for (Map.Entry<String, List<Operation>> e : byKey.entrySet()) {
      KeySearch.Outcome outcome = decide.search(e.getValue());
      switch (outcome.verdict()) {
        case LINEARIZABLE:
          break;
        case NOT_LINEARIZABLE:
          return explainFailure(e.getKey(), e.getValue(), outcome.frontierMicros(), decide.used());
        case BUDGET_EXHAUSTED:
          undecidedKeys++;
          if (firstUndecided == null) {
            firstUndecided = e.getKey();
          }
          break;
        default:
          throw new IllegalStateException("unknown verdict " + outcome.verdict());
      }
    }
    if (firstUndecided != null) {
      String message =
          "undecided: the search budget ("
              + budget.maxStatesPerKey()
              + " states per key, "
              + budget.maxTotalStates()
              + " in total) ran out before "
              + undecidedKeys
              + " of "
              + count(byKey.size(), "key")
              + " could be decided, first key "
              + firstUndecided
              + " with "
              + count(byKey.get(firstUndecided).size(), "operation")
              + "; no key was found non-linearizable";
      return new Result(Outcome.UNKNOWN, firstUndecided, List.of(), message, decide.used());
    }
    String message =
        "linearizable: " + count(history.size(), "operation") + " on " + count(byKey.size(), "key") + " ("
            + count(decide.used(), "search state") + ")";
    return new Result(Outcome.LINEARIZABLE, null, List.of(), message, decide.used());
  }

  private Result explainFailure(String key, List<Operation> keyOps, long frontierMicros, long statesSoFar) {
    Allowance shrinkAllowance = new Allowance(budget.maxStatesPerKey(), budget.maxShrinkStates());
    List<Operation> sorted = cutAtFrontier(keyOps, frontierMicros, shrinkAllowance);
    sorted.sort(BY_TIME);
    WitnessShrinker shrinker = new WitnessShrinker(sorted, shrinkAllowance);
    List<Operation> witness = shrinker.shrink();
    Allowance explainAllowance =
        new Allowance(Math.min(budget.maxStatesPerKey(), EXPLANATION_STATES_PER_SEARCH), EXPLANATION_STATES_TOTAL);
    String message = new Explanation(key, witness, explainAllowance).message(shrinker.budgetHit());
    long states = statesSoFar + shrinkAllowance.used() + explainAllowance.used();
    return new Result(Outcome.NOT_LINEARIZABLE, key, witness, message, states);
  }

  /**
   * The search never looked at operations invoked after the frontier, so the history cut there fails the same
   * way, and shrinking the cut is cheaper. One exception is kept: a read whose value only a write beyond the cut
   * produced (a read from the future) would otherwise lose the write that shows what it saw.
   */
  private static List<Operation> cutAtFrontier(List<Operation> keyOps, long frontierMicros, Allowance allowance) {
    List<Operation> cut = new ArrayList<>(keyOps.size());
    List<Operation> beyond = new ArrayList<>();
    for (Operation o : keyOps) {
      (o.invokeMicros() <= frontierMicros ? cut : beyond).add(o);
    }
    if (beyond.isEmpty()) {
      return cut;
    }
    Producibility byCut = new Producibility(cut);
    Producibility byAll = new Producibility(keyOps);
    List<Operation> futureWrites = new ArrayList<>();
    for (Operation r : cut) {
      if (r.op() != KvOp.GET || !r.completed() || byCut.canProduce(r.output()) || !byAll.canProduce(r.output())) {
        continue;
      }
      for (Operation w : beyond) {
        boolean shows =
            w.op() == KvOp.PUT
                ? r.output().startsWith(w.input())
                : w.op() == KvOp.APPEND && !w.input().isEmpty() && r.output().contains(w.input());
        if (shows && !futureWrites.contains(w)) {
          futureWrites.add(w);
        }
      }
    }
    if (futureWrites.isEmpty()) {
      return cut;
    }
    List<Operation> extended = new ArrayList<>(cut);
    extended.addAll(futureWrites);
    if (allowance.search(extended).verdict() == KeySearch.Verdict.NOT_LINEARIZABLE) {
      return extended;
    }
    return new ArrayList<>(keyOps);
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
