package dev.raftsim.scenarios;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.invariants.LivenessConfig;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.invariants.Violation;
import dev.raftsim.invariants.linearizability.KvOp;
import dev.raftsim.invariants.linearizability.LinearizabilityChecker;
import dev.raftsim.invariants.linearizability.Operation;
import dev.raftsim.scenarios.internal.ModelLinearizability;
import dev.raftsim.scenarios.internal.RaftCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs one schedule: the entry point every user-facing feature (run, fuzz, replay, shrink, scenarios) goes through. */
public final class Simulator {
  private Simulator() {}

  public static RunResult run(RunSpec spec) {
    return run(spec, RunOptions.defaults());
  }

  public static RunResult run(RunSpec spec, RunOptions options) {
    return run(spec, options, cluster -> {});
  }

  /** As {@link #run(RunSpec, RunOptions)}, letting {@code setup} schedule host actions before the run starts. */
  public static RunResult run(RunSpec spec, RunOptions options, Consumer<RaftCluster> setup) {
    RaftCluster cluster = new RaftCluster(spec, checkerFor(spec, options), options.trace());
    cluster.simulation().setEventBudget(Math.min(eventBudget(spec.durationMicros()), budgetCap), EVENTS_PER_INSTANT);
    cluster.simulation().setCancel(options.cancel());
    cluster.useWorkload(options.workload());
    setup.accept(cluster);
    cluster.run();
    boolean cancelled = cluster.simulation().cancelled();
    String lin = "skipped";
    List<Integer> witness = new ArrayList<>();
    if (options.linearizability() && cluster.violation() == null && !cancelled) {
      lin = options.workload() == null ? checkHistory(cluster, witness) : checkModel(cluster, options.workload());
    }
    return new RunResult(spec, cluster.simulation().eventCount(), cluster.simulation().now(),
        cluster.simulation().digest(), cluster.leadersElected(), cluster.commandsCommitted(),
        cluster.firstLeaderMicros(), cluster.simulation().messagesDelivered(), cluster.simulation().messagesDropped(),
        cluster.history(), lin, witness, cluster.violation(), cancelled, cluster.readIndexReads(),
        cluster.leaseReads(),
        cluster.counters());
  }

  /**
   * Queue entries allowed at one virtual instant. A real schedule has a handful; a million means time stopped
   * advancing (say a zero retry interval), which would otherwise spin, with memory growing, for ever.
   */
  public static final long EVENTS_PER_INSTANT = 1_000_000;

  /**
   * Events allowed in a run of {@code durationMicros}: 10 million plus one per simulated microsecond, a thousand
   * times the density of a busy swarm schedule. Hitting either budget ends the run with an {@link
   * NodeFailure#BUDGET} violation, which replays like any other.
   */
  private static volatile long budgetCap = Long.MAX_VALUE;

  /**
   * Lowers every run's event budget to at most {@code max} (Long.MAX_VALUE: no cap) for the whole JVM. The input
   * fuzz tests use it so that a hostile but legal input (a run of eleven days, say) ends quickly as an {@link
   * NodeFailure#BUDGET} finding instead of running for hours.
   */
  public static void capEventBudget(long max) {
    if (max < 1) {
      throw new IllegalArgumentException("event budget cap must be >= 1");
    }
    budgetCap = max;
  }

  public static long eventBudget(long durationMicros) {
    long perTime = Math.max(0, durationMicros);
    return perTime > Long.MAX_VALUE - 10_000_000 ? Long.MAX_VALUE : 10_000_000 + perTime;
  }

  static SafetyChecker checkerFor(RunSpec spec, RunOptions options) {
    SafetyChecker safety = switch (options.checks()) {
      case INCREMENTAL -> Checkers.incremental();
      case REFERENCE -> Checkers.reference();
      case NONE -> null;
    };
    if (safety != null && options.liveness() && spec.plan().healAtMicros() != Long.MAX_VALUE) {
      ClusterConfig c = spec.cluster();
      LivenessConfig live = new LivenessConfig(spec.plan().healAtMicros(), c.leaderBoundMicros(), c.commitBoundMicros());
      // Membership's liveness rules (changes complete, no storms from outside the configuration) ride along; they
      // judge nothing for an implementation that reports no configuration.
      safety = Checkers.firstOf(Checkers.withLiveness(safety, live), RaftCluster.membershipLiveness(live));
    }
    if (options.extraCheckers().isEmpty()) {
      return safety;
    }
    // A user's invariants come after the built-in ones: a Raft property broken on the same event is reported first.
    List<SafetyChecker> all = new ArrayList<>();
    if (safety != null) {
      all.add(safety);
    }
    for (java.util.function.Supplier<? extends SafetyChecker> f : options.extraCheckers()) {
      all.add(java.util.Objects.requireNonNull(f.get(), "an extra checker factory returned null"));
    }
    return Checkers.firstOf(all.toArray(new SafetyChecker[0]));
  }

  /** Linearizability of a user workload's history against its sequential model ("skipped" without one). */
  private static String checkModel(RaftCluster cluster, Workload workload) {
    SequentialModel<?> model = workload.model();
    if (model == null) {
      return "skipped";
    }
    ModelLinearizability.Result r = new ModelLinearizability(MODEL_SEARCH_BUDGET).check(cluster.history(), model);
    switch (r.outcome()) {
      case LINEARIZABLE:
        return "linearizable";
      case UNKNOWN:
        return "unknown";
      default:
        cluster.setViolation(new Violation("Linearizability", r.message(), cluster.simulation().eventCount(),
            cluster.simulation().now(), List.of()));
        return "violated";
    }
  }

  /** States the search of a user model's history may visit before answering unknown. */
  private static final int MODEL_SEARCH_BUDGET = 2_000_000;

  private static String checkHistory(RaftCluster cluster, List<Integer> witness) {
    List<Operation> ops = toOperations(cluster.history());
    LinearizabilityChecker.Result r = new LinearizabilityChecker().check(ops, cluster.linearizationWitness());
    switch (r.outcome()) {
      case LINEARIZABLE:
        return "linearizable";
      case UNKNOWN:
        return "unknown";
      default:
        r.offending().forEach(op -> witness.add(op.id()));
        List<Integer> none = List.of();
        cluster.setViolation(new Violation("Linearizability", r.message(), cluster.simulation().eventCount(),
            cluster.simulation().now(), none));
        return "violated";
    }
  }

  /**
   * The history as the linearizability checker's operations: a read-only view that converts each element when it is
   * read, so that a long run's history is not held twice at its end (the checker's witness pass reads each operation
   * once; only a failed witness makes the search group them by key).
   */
  public static List<Operation> toOperations(List<HistoryOp> history) {
    for (HistoryOp h : history) {
      if (h.op() == null) {
        throw new IllegalArgumentException("history op #" + h.id() + " is not of the KV workload");
      }
    }
    return new java.util.AbstractList<>() {
      @Override
      public Operation get(int index) {
        return toOperation(history.get(index));
      }

      @Override
      public int size() {
        return history.size();
      }
    };
  }

  private static Operation toOperation(HistoryOp h) {
    KvOp op = switch (h.op()) {
      case PUT -> KvOp.PUT;
      case APPEND -> KvOp.APPEND;
      case GET -> KvOp.GET;
    };
    return new Operation(h.id(), h.client(), op, h.key(), h.input(), h.completed() ? h.output() : null,
        h.invokeMicros(), h.completed() ? h.completeMicros() : Operation.PENDING);
  }

}
