package dev.raftsim.cli;

import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.CampaignConfig;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.StateTrace;
import dev.raftsim.scenarios.Shrinker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job: thousands of schedules on all cores, failures written at once, shrunk and reported. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
    description = "Run a fuzz campaign: many seeded schedules on all cores; failures are saved, shrunk and reported.")
public final class FuzzCommand implements Callable<Integer> {
  @Option(names = "--schedules", paramLabel = "N", description = "Schedules in the campaign (default: ${DEFAULT-VALUE}).")
  int schedules = 1000;

  @Option(names = "--seed", paramLabel = "S", description = "Campaign seed (default: a fresh random seed, printed).")
  Long seed;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--shard", paramLabel = "i/n", description = "Run only schedules with index = i (mod n), for CI matrices.")
  String shard = "0/1";

  @Mixin ClusterOptions cluster;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: raftsim-out/<timestamp>).")
  Path out;

  @Option(names = "--max-failures", paramLabel = "F", description = "Stop starting schedules after F failures; 0 = never (default: ${DEFAULT-VALUE}).")
  int maxFailures = 10;

  @Option(names = "--no-shrink", description = "Keep counterexamples as found.")
  boolean noShrink;

  @Option(names = "--shrink-attempts", paramLabel = "N", description = "Shrink budget in re-runs per failure (default: ${DEFAULT-VALUE}).")
  int shrinkAttempts = Shrinker.Budget.DEFAULT.maxAttempts();

  @Option(names = "--guided", description = "Coverage-guided: mutate earlier schedules that reached new coverage, "
      + "mixed with fresh random ones (deterministic at any thread count; see the README).")
  boolean guided;

  @Option(names = "--state-trace", description = "For each failure, also write its state trace (NDJSON, "
      + "docs/reports.md) beside its counterexample: failure-N.state.ndjson.")
  boolean stateTraces;

  @Option(names = "--reports", paramLabel = "N", description = "Write the HTML/JSON/ShiViz report only for the "
      + "first N failures found (default: every failure); every failure's counterexample JSON is written at once "
      + "regardless, and `raftsim replay FILE --report DIR` writes the report of any of them later. "
      + "--reports 0 suits long hunts, where writing reports would cost more than the schedules.")
  Integer reports;

  @Option(names = "--json", description = "Print the summary as one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (schedules < 1) {
      throw new BadInputException("--schedules must be >= 1");
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1 || t > 1024) {
      throw new BadInputException("--threads must be between 1 and 1024");
    }
    if (maxFailures < 0) {
      throw new BadInputException("--max-failures must be >= 0");
    }
    if (reports != null && reports < 0) {
      throw new BadInputException("--reports must be >= 0 (0 writes no report; every counterexample is kept)");
    }
    int[] sh = parseShard(shard);
    long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
    Path dir = out != null ? out : Path.of("raftsim-out",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-seed" + s);
    OutputFiles.requireEmptyFolder(dir, "--out");
    OutputFiles.requireWritableFolder(dir, "--out");
    CampaignConfig config = new CampaignConfig(s, schedules, t, sh[0], sh[1], cluster.cluster(),
        cluster.profile("swarm"), cluster.durationMicros(), dir, maxFailures, !noShrink,
        new Shrinker.Budget(shrinkAttempts, Shrinker.Budget.DEFAULT.maxWallMillis()), guided, cluster.implChoice());
    PrintStream err = System.err;
    err.printf(Locale.ROOT, "raftsim fuzz: %scampaign seed %d, %d schedules%s, %s, %s per schedule, faults %s, %d threads -> %s%n",
        guided ? "guided " : "", s, config.shardSize(), sh[1] > 1 ? " (shard " + shard + " of " + schedules + ")" : "",
        config.cluster().describe(), Durations.format(config.durationMicros()), config.profile().cliName(), t, dir);
    Progress progress = new Progress(err, config.shardSize());
    ReportHook reportHook = new ReportHook(dir, err, reports == null ? Long.MAX_VALUE : reports);
    Campaign campaign = new Campaign(config, new Campaign.Listener() {
      @Override
      public void progress(long done, long total, long failures) {
        progress.update(done, failures);
      }

      @Override
      public void failure(Campaign.FailureRecord record, RunResult original, RunResult shrunk) {
        progress.failure(record);
        if (shrunk != null || noShrink) {
          RunResult failing = shrunk != null ? shrunk : original;
          reportHook.write(record, failing);
          if (stateTraces) {
            writeStateTrace(dir, record, failing, err);
          }
        }
      }
    });
    // SIGINT/SIGTERM: running simulations notice the stop within about a thousand events, the summary, index.html
    // and the final console line are written as usual, and the JVM exits with 130/143 once this command is done.
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Thread hook = new Thread(() -> {
      campaign.requestStop();
      try {
        done.await(INTERRUPT_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "raftsim-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    Map<String, Object> summary;
    try {
      summary = campaign.run();
      progress.finish();
      reportHook.writeIndex(summary, commandLine(s, t));
      printSummary(err, summary, dir);
      if (out == null) {
        linkLatest(dir);
      }
    } finally {
      done.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Interrupted: the hook is running; it returns now that the summary and index are written.
    }
    if (json) {
      Map<String, Object> compact = new java.util.LinkedHashMap<>(summary);
      compact.remove("stats");
      compact.put("coverage", CoverageLine.compact(summary));
      compact.put("out", dir.toString());
      System.out.println(JsonOut.line(compact));
    }
    return ((Number) summary.get("failures")).longValue() > 0 ? Main.VIOLATION : Main.OK;
  }

  /** The failing run again (it is deterministic), with its state trace beside its counterexample. */
  private static void writeStateTrace(Path dir, Campaign.FailureRecord record, RunResult failing, PrintStream err) {
    Path file = dir.resolve(record.file().replaceFirst("\\.json$", "") + ".state.ndjson");
    try {
      StateTrace.write(failing.spec(), RunOptions.defaults(), file);
      synchronized (err) {
        err.println("state trace: " + file);
      }
    } catch (IOException e) {
      synchronized (err) {
        err.println("raftsim: could not write the state trace " + file + ": " + e.getMessage());
      }
    }
  }

  /** How long an interrupt waits for the campaign to write its summary, index and last line before the JVM exits. */
  static final long INTERRUPT_GRACE_MILLIS = 15_000;

  /**
   * Points {@code raftsim-out/latest} at the newest campaign (a relative link, replaced atomically). Best effort: a
   * file system without symbolic links just has none.
   */
  static void linkLatest(Path dir) {
    Path parent = dir.toAbsolutePath().getParent();
    Path link = parent.resolve("latest");
    Path tmp = parent.resolve(".latest-" + ProcessHandle.current().pid());
    try {
      Files.deleteIfExists(tmp);
      Files.createSymbolicLink(tmp, dir.getFileName());
      Files.move(tmp, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to tidy
      }
    }
  }

  private String commandLine(long s, int t) {
    StringBuilder sb = new StringBuilder("./raftsim fuzz --schedules ").append(schedules).append(" --seed ").append(s)
        .append(" --nodes ").append(cluster.nodes).append(" --time ").append(cluster.time)
        .append(" --faults ").append(cluster.faultsName("swarm")).append(cluster.membershipFlags());
    for (String b : cluster.bugs) {
      sb.append(" --bug ").append(b);
    }
    if (!"0/1".equals(shard)) {
      sb.append(" --shard ").append(shard);
    }
    if (guided) {
      sb.append(" --guided");
    }
    if (reports != null) {
      sb.append(" --reports ").append(reports);
    }
    return sb.toString();
  }

  static int[] parseShard(String text) {
    String[] parts = text.split("/");
    try {
      if (parts.length == 2) {
        int i = Integer.parseInt(parts[0].trim());
        int n = Integer.parseInt(parts[1].trim());
        if (n >= 1 && i >= 0 && i < n) {
          return new int[] {i, n};
        }
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new BadInputException("--shard must be i/n with 0 <= i < n, e.g. 0/4; got '" + text + "'");
  }

  /** "counters: configChanges 1,206, leadershipTransfers 467, ...": protocol events summed over the schedules. */
  @SuppressWarnings("unchecked")
  static String countersLine(Map<String, Object> s) {
    StringBuilder sb = new StringBuilder("counters:");
    Map<String, Object> counters = (Map<String, Object>) s.get("counters");
    if (counters != null) {
      boolean first = true;
      for (Map.Entry<String, Object> e : counters.entrySet()) {
        sb.append(first ? " " : ", ").append(e.getKey()).append(' ')
            .append(String.format(Locale.ROOT, "%,d", ((Number) e.getValue()).longValue()));
        first = false;
      }
    }
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  static void printSummary(PrintStream err, Map<String, Object> s, Path dir) {
    long failures = ((Number) s.get("failures")).longValue();
    err.printf(Locale.ROOT, "%s: %s, %s, %,.0f events/s, %.1f s wall, campaign digest %s%s%n",
        failures > 0 ? "FAIL" : Boolean.TRUE.equals(s.get("interrupted")) ? "INTERRUPTED" : "PASS", Plural.of(((Number) s.get("schedules")).longValue(), "schedule"),
        Plural.of(failures, "failure"), ((Number) s.get("eventsPerSecond")).doubleValue(),
        ((Number) s.get("wallMillis")).longValue() / 1000.0, s.get("campaignDigest"),
        Boolean.TRUE.equals(s.get("interrupted")) ? " (interrupted)" : "");
    err.println(CoverageLine.of(s));
    err.println(countersLine(s));
    if (Boolean.TRUE.equals(s.get("stoppedAtMaxFailures"))) {
      err.printf(Locale.ROOT, "stopped at the failure limit (--max-failures %s) after %s of %s; "
          + "--max-failures 0 runs them all%n", s.get("maxFailures"),
          Plural.of(((Number) s.get("schedules")).longValue(), "schedule"), s.get("requestedSchedules"));
    }
    List<Map<String, Object>> list = (List<Map<String, Object>>) s.get("failureList");
    if (list != null && !list.isEmpty()) {
      Map<String, Object> f = list.get(0);
      Map<String, Object> origin = (Map<String, Object>) f.get("origin");
      err.println("first failure: #" + f.get("index") + ", seed " + f.get("seed") + ": " + f.get("counterexample")
          + (origin == null ? "" : " (found as seed " + origin.get("seed") + ")"));
    }
    err.println("summary: " + dir.resolve("summary.json"));
  }
}
