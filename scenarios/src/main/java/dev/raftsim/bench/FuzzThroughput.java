package dev.raftsim.bench;

import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.CampaignConfig;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.Shrinker;
import dev.raftsim.sim.FaultProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fuzz campaigns as {@code raftsim fuzz} runs them (swarm schedules of the default cluster, every checker on, no
 * shrinking so that a failure would not distort the rate), at a given number of worker threads.
 */
public final class FuzzThroughput {
  private FuzzThroughput() {}

  /** What one campaign did; wall time as the campaign itself measured it (its workers only). */
  public record Result(int threads, long schedules, long events, long wallMillis, String campaignDigest, int failures) {
    public double schedulesPerSecond() {
      return schedules * 1000.0 / Math.max(1, wallMillis);
    }

    public double eventsPerSecond() {
      return events * 1000.0 / Math.max(1, wallMillis);
    }
  }

  public static Result run(long seed, int schedules, int threads, long durationMicros, Path scratch) {
    Path out;
    try {
      out = Files.createTempDirectory(scratch, "fuzz-" + threads + "t-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      CampaignConfig config = new CampaignConfig(seed, schedules, threads, 0, 1, ClusterConfig.defaults(),
          FaultProfile.SWARM, durationMicros, out, 0, false, Shrinker.Budget.DEFAULT);
      Map<String, Object> summary = new Campaign(config, new Campaign.Listener() {}).run();
      return new Result(threads, ((Number) summary.get("schedules")).longValue(),
          ((Number) summary.get("events")).longValue(), ((Number) summary.get("wallMillis")).longValue(),
          (String) summary.get("campaignDigest"), ((Number) summary.get("failures")).intValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(out);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
