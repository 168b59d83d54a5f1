package dev.raftsim.bench;

import dev.raftsim.scenarios.CheckMode;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole runs of the 5-node Raft cluster under a fault profile, the way a fuzz campaign makes them: once with every
 * checker off and once with every checker on (incremental safety after every event, liveness, and the end-of-run
 * linearizability check of the client history). Both passes run the same schedules, so they handle the same events.
 */
public final class ClusterThroughput {
  /** Everything off: the bare simulation of Raft. */
  public static final RunOptions UNCHECKED = new RunOptions(CheckMode.NONE, false, false, null);
  /** What {@code raftsim run} and {@code raftsim fuzz} do. */
  public static final RunOptions CHECKED = RunOptions.defaults();

  private final List<RunSpec> specs = new ArrayList<>();

  public ClusterThroughput(ClusterConfig cluster, FaultProfile profile, long durationMicros, long firstSeed,
      int schedules) {
    for (int i = 0; i < schedules; i++) {
      specs.add(RunSpec.generate(firstSeed + i, cluster, profile, durationMicros));
    }
  }

  private ClusterThroughput(List<RunSpec> specs) {
    this.specs.addAll(specs);
  }

  /** The same schedules hosted by another implementation. */
  public ClusterThroughput withImpl(dev.raftsim.scenarios.ImplChoice impl) {
    List<RunSpec> other = new ArrayList<>();
    for (RunSpec s : specs) {
      other.add(s.withImpl(impl));
    }
    return new ClusterThroughput(other);
  }

  /** One timed pass over every schedule. */
  public record Pass(long events, long simulatedMicros, long wallNanos, long digestSum, int failures) {
    public double eventsPerSecond() {
      return events * 1e9 / Math.max(1, wallNanos);
    }

    /** Simulated time over wall time. */
    public double speedup() {
      return simulatedMicros * 1000.0 / Math.max(1, wallNanos);
    }
  }

  /** A pass as {@code run} makes it: abstract-state coverage off (only campaigns compute and report it). */
  public Pass pass(RunOptions options) {
    return pass(options, false);
  }

  /** As {@link #pass(RunOptions)}, with abstract-state coverage on or off (coverage points are always counted). */
  public Pass pass(RunOptions options, boolean abstractStates) {
    long events = 0;
    long simulated = 0;
    long digests = 0;
    int failures = 0;
    long t0 = System.nanoTime();
    for (RunSpec spec : specs) {
      RunResult r = Simulator.run(spec, options, c -> c.coverageTracker().setAbstractStates(abstractStates));
      events += r.events();
      simulated += r.simulatedMicros();
      digests += r.digest();
      failures += r.failed() ? 1 : 0;
    }
    long wall = System.nanoTime() - t0;
    return new Pass(events, simulated, wall, digests, failures);
  }

  public int schedules() {
    return specs.size();
  }
}
