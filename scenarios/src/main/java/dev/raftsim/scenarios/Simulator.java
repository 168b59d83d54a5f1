package dev.raftsim.scenarios;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.invariants.LivenessConfig;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.invariants.Violation;
import dev.raftsim.invariants.linearizability.KvOp;
import dev.raftsim.invariants.linearizability.LinearizabilityChecker;
import dev.raftsim.invariants.linearizability.Operation;
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
    setup.accept(cluster);
    cluster.run();
    String lin = "skipped";
    List<Integer> witness = new ArrayList<>();
    if (options.linearizability() && cluster.violation() == null) {
      lin = checkHistory(cluster, witness);
    }
    return new RunResult(spec, cluster.simulation().eventCount(), cluster.simulation().now(),
        cluster.simulation().digest(), cluster.leadersElected(), cluster.commandsCommitted(),
        cluster.firstLeaderMicros(), cluster.simulation().messagesDelivered(), cluster.simulation().messagesDropped(),
        cluster.history(), lin, witness, cluster.violation(), cluster.readIndexReads(), cluster.leaseReads());
  }

  static SafetyChecker checkerFor(RunSpec spec, RunOptions options) {
    SafetyChecker safety = switch (options.checks()) {
      case INCREMENTAL -> Checkers.incremental();
      case REFERENCE -> Checkers.reference();
      case NONE -> null;
    };
    if (safety == null || !options.liveness() || spec.plan().healAtMicros() == Long.MAX_VALUE) {
      return safety;
    }
    ClusterConfig c = spec.cluster();
    return Checkers.withLiveness(safety,
        new LivenessConfig(spec.plan().healAtMicros(), c.leaderBoundMicros(), c.commitBoundMicros()));
  }

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

  public static List<Operation> toOperations(List<HistoryOp> history) {
    List<Operation> ops = new ArrayList<>(history.size());
    for (HistoryOp h : history) {
      KvOp op = switch (h.op()) {
        case PUT -> KvOp.PUT;
        case APPEND -> KvOp.APPEND;
        case GET -> KvOp.GET;
      };
      ops.add(new Operation(h.id(), h.client(), op, h.key(), h.input(), h.completed() ? h.output() : null,
          h.invokeMicros(), h.completed() ? h.completeMicros() : Operation.PENDING));
    }
    return ops;
  }
}
