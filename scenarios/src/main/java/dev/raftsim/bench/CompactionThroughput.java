package dev.raftsim.bench;

import dev.raftsim.scenarios.CampaignConfig;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Shrinker;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultProfile;
import java.nio.file.Path;

/**
 * The cost of log compaction in a swarm campaign: the same swarm schedules (every checker on, one thread), once as
 * drawn, with the snapshot knob (every 2..100 applied entries, or never), and once with snapshots forced off.
 * Event counts differ between the two (snapshots change what happens), so the figure is events per second.
 */
public final class CompactionThroughput {
  private CompactionThroughput() {}

  /** Events per second of the schedules with the drawn snapshot knob ({@code on}) or with snapshots off. */
  public record Result(long events, long wallNanos) {
    public double eventsPerSecond() {
      return events * 1e9 / Math.max(1, wallNanos);
    }
  }

  public static Result run(long seed, int schedules, long durationMicros, boolean on) {
    CampaignConfig config = new CampaignConfig(seed, schedules, 1, 0, 1, ClusterConfig.defaults(), FaultProfile.SWARM,
        durationMicros, Path.of("unused"), 0, false, Shrinker.Budget.DEFAULT);
    long events = 0;
    long t0 = System.nanoTime();
    for (long i = 0; i < schedules; i++) {
      RunSpec spec = config.spec(i);
      if (!on) {
        spec = spec.withCluster(spec.cluster().withSnapshotEvery(0));
      }
      RunResult r = Simulator.run(spec);
      events += r.events();
    }
    return new Result(events, System.nanoTime() - t0);
  }
}
