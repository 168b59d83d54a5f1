package dev.raftsim.scenarios;

import dev.raftsim.sim.FaultProfile;
import java.nio.file.Path;

/**
 * A fuzz campaign: {@code schedules} runs whose seeds derive from ({@code seed}, index); this process runs the
 * indexes congruent to {@code shardIndex} modulo {@code shardCount} on {@code threads} workers and writes into
 * {@code outDir}. After {@code maxFailures} failures it stops starting schedules (0 = never stops early).
 * {@code guided}: schedules after the first generation mostly mutate earlier schedules that reached new coverage
 * (see {@link dev.raftsim.scenarios.guided.Guide}); otherwise every schedule is drawn from its seed alone.
 */
public record CampaignConfig(long seed, int schedules, int threads, int shardIndex, int shardCount,
    ClusterConfig cluster, FaultProfile profile, long durationMicros, Path outDir, int maxFailures, boolean shrink,
    Shrinker.Budget shrinkBudget, boolean guided, ImplChoice impl) {

  /** A random (unguided) campaign over raftsim's own implementation. */
  public CampaignConfig(long seed, int schedules, int threads, int shardIndex, int shardCount, ClusterConfig cluster,
      FaultProfile profile, long durationMicros, Path outDir, int maxFailures, boolean shrink,
      Shrinker.Budget shrinkBudget) {
    this(seed, schedules, threads, shardIndex, shardCount, cluster, profile, durationMicros, outDir, maxFailures,
        shrink, shrinkBudget, false, ImplChoice.RAFTSIM);
  }

  /** A campaign over raftsim's own implementation, guided or not. */
  public CampaignConfig(long seed, int schedules, int threads, int shardIndex, int shardCount, ClusterConfig cluster,
      FaultProfile profile, long durationMicros, Path outDir, int maxFailures, boolean shrink,
      Shrinker.Budget shrinkBudget, boolean guided) {
    this(seed, schedules, threads, shardIndex, shardCount, cluster, profile, durationMicros, outDir, maxFailures,
        shrink, shrinkBudget, guided, ImplChoice.RAFTSIM);
  }

  /** A random campaign over the chosen implementation. */
  public CampaignConfig(long seed, int schedules, int threads, int shardIndex, int shardCount, ClusterConfig cluster,
      FaultProfile profile, long durationMicros, Path outDir, int maxFailures, boolean shrink,
      Shrinker.Budget shrinkBudget, ImplChoice impl) {
    this(seed, schedules, threads, shardIndex, shardCount, cluster, profile, durationMicros, outDir, maxFailures,
        shrink, shrinkBudget, false, impl);
  }

  public CampaignConfig {
    java.util.Objects.requireNonNull(impl, "impl");
    if (schedules < 1) {
      throw new IllegalArgumentException("schedules must be >= 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
      throw new IllegalArgumentException("shard must be i/n with 0 <= i < n");
    }
    if (maxFailures < 0) {
      throw new IllegalArgumentException("max failures must be >= 0");
    }
  }

  /** Schedule indexes this shard runs. */
  public long shardSize() {
    return schedules <= shardIndex ? 0 : (schedules - 1 - shardIndex) / shardCount + 1;
  }

  public long indexOf(long k) {
    return shardIndex + k * shardCount;
  }

  public CampaignConfig withGuided(boolean on) {
    return new CampaignConfig(seed, schedules, threads, shardIndex, shardCount, cluster, profile, durationMicros,
        outDir, maxFailures, shrink, shrinkBudget, on, impl);
  }

  /** The random campaign's schedule of {@code index} (a guided campaign's fresh schedules are these too). */
  public RunSpec spec(long index) {
    return RunSpec.generate(Campaign.scheduleSeed(seed, index), cluster, profile, durationMicros).withImpl(impl);
  }
}
