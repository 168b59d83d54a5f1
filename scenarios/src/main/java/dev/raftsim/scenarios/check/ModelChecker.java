package dev.raftsim.scenarios.check;

import dev.raftsim.invariants.Violation;
import dev.raftsim.scenarios.check.internal.Model;
import dev.raftsim.scenarios.check.internal.PathRunner;
import dev.raftsim.scenarios.check.internal.Search;
import java.util.List;
import java.util.Objects;

/**
 * Exhaustive bounded model checking of the same {@link dev.raftsim.raft.RaftNode} code the simulator runs:
 * breadth-first search over every interleaving of timeouts, client commands, restarts and message delivery,
 * loss and duplication within the bounds of a {@link CheckConfig}, with the safety invariants checked on every
 * transition. Counterexamples are shortest paths, and the same at any thread count.
 *
 * <p>See docs/model-checking.md for the model, its bounds and how it differs from raft.tla.
 */
public final class ModelChecker {
  private final CheckConfig config;

  public ModelChecker(CheckConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The transition system of a configuration (shared with {@link CheckReplay}). */
  static Model model(CheckConfig c) {
    return new Model(c.nodes(), c.maxTerm(), c.maxLog(), c.maxRestarts(), c.maxInFlight(), c.maxDuplicates(),
        c.effectiveSymmetry(), c.bugs(), c.noOpOnElection(), c.maxEntriesPerAppend(), c.spares(),
        c.maxConfigChanges(), c.maxTimeouts(), c.maxDrops(), c.maxHeartbeats(), c.maxSnapshots());
  }

  public CheckResult run(ProgressListener listener) {
    ProgressListener l = listener == null ? ProgressListener.NONE : listener;
    Model model = model(config);
    long start = System.nanoTime();
    Search.Outcome o = new Search(model, config.threads(), config.maxStates()).run(p -> l.onProgress(
        new CheckProgress(p.depth(), p.distinct(), p.generated(), p.frontier(), p.elapsedNanos() / 1_000_000)));
    long wall = (System.nanoTime() - start) / 1_000_000;
    Counterexample cex = null;
    if (o.violation() != null) {
      cex = new Counterexample(o.violation().invariant(), o.violation().message(), o.violation().nodes(), List.of(),
          new PathRunner(model).digestHex());
    } else if (o.path() != null) {
      cex = rebuild(model, o.path());
    }
    return new CheckResult(config, o.distinct(), o.generated(), o.depth(), wall, o.complete() && cex == null,
        o.visitedBytes(), o.structureBytes(), o.heapPeakBytes(), cex);
  }

  /** Walks the path's action codes from the initial state; the last one must break an invariant. */
  private static Counterexample rebuild(Model model, List<Integer> codes) {
    PathRunner r = new PathRunner(model);
    Violation v = null;
    for (int i = 0; i < codes.size(); i++) {
      v = r.apply(codes.get(i));
      if (v != null && i < codes.size() - 1) {
        throw new IllegalStateException("counterexample path breaks " + v.invariant() + " at step " + (i + 1)
            + " of " + codes.size() + ", before its end");
      }
    }
    if (v == null) {
      throw new IllegalStateException("counterexample path of " + codes.size() + " steps breaks nothing");
    }
    return new Counterexample(v.invariant(), v.message(), v.nodes(), r.steps(), r.digestHex());
  }
}
