package dev.raftsim.bench;

import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.sim.FaultProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code raftsim bench}: every figure of the performance goals measured in one run, so that their ratios are fair
 * on a shared, noisy machine. Each subject is measured in iterations interleaved with a sample of the bare-loop
 * ceiling, and every ratio is taken per iteration before the median is, so a neighbour that steals the CPU for a
 * while slows both sides of a ratio alike.
 */
public final class Bench {
  /** Ping-pong shape: processes x messages each = messages in flight. */
  static final int KERNEL_PROCESSES = 4;
  static final int KERNEL_PER_PROCESS = 16;
  static final long CLUSTER_FIRST_SEED = 1;
  static final long FUZZ_SEED = 20_240_601;

  private final BenchConfig config;
  private final PrintStream log;

  /** {@code log} gets one line per phase as the bench goes (stderr for the CLI); null for silence. */
  public Bench(BenchConfig config, PrintStream log) {
    this.config = config;
    this.log = log;
  }

  private void say(String fmt, Object... args) {
    if (log != null) {
      log.printf(Locale.ROOT, fmt + "%n", args);
      log.flush();
    }
  }

  public BenchReport run() {
    BenchConfig c = config;
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> details = new LinkedHashMap<>();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long started = System.nanoTime();

    // ---------------------------------------------------------------- kernel vs the bare loop
    say("bench: bare loop and kernel (warm-up, then %d iterations)...", c.iterations());
    BareLoop bare64 = new BareLoop(64, 1);
    BareLoop bare4096 = new BareLoop(4096, 2);
    PingPong kernel = new PingPong(KERNEL_PROCESSES, KERNEL_PER_PROCESS, 42);
    for (int i = 0; i < 3; i++) {
      bare64.run(c.bareEvents());
      bare4096.run(c.bareEvents());
      kernel.run(c.kernelSimulatedMicros());
    }
    double[] bareRates = new double[c.iterations()];
    double[] bare4096Rates = new double[c.iterations()];
    double[] kernelRates = new double[c.iterations()];
    double[] kernelRatios = new double[c.iterations()];
    for (int i = 0; i < c.iterations(); i++) {
      bareRates[i] = timeBare(bare64, c.bareEvents());
      bare4096Rates[i] = timeBare(bare4096, c.bareEvents());
      long t0 = System.nanoTime();
      long events = kernel.run(c.kernelSimulatedMicros());
      kernelRates[i] = events * 1e9 / Math.max(1, System.nanoTime() - t0);
      kernelRatios[i] = kernelRates[i] / bareRates[i];
    }
    Stats bare = Stats.of(bareRates);
    Stats bare4k = Stats.of(bare4096Rates);
    Stats kernelStats = Stats.of(kernelRates);
    Stats kernelRatio = Stats.of(kernelRatios);
    m.put("bareLoopEventsPerSecond", bare.median());
    m.put("bareLoopEventsPerSecondAt4096Pending", bare4k.median());
    m.put("kernelEventsPerSecond", kernelStats.median());
    m.put("kernelVsBareLoop", kernelRatio.median());
    details.put("bareLoopEventsPerSecond", bare.toMap());
    details.put("bareLoopEventsPerSecondAt4096Pending", bare4k.toMap());
    details.put("kernelEventsPerSecond", kernelStats.toMap());
    details.put("kernelVsBareLoop", kernelRatio.toMap());
    details.put("kernelShape", KERNEL_PROCESSES + " processes, " + (KERNEL_PROCESSES * KERNEL_PER_PROCESS)
        + " messages in flight, calm network, observer on, digest on");

    // ---------------------------------------------------------------- the Raft cluster, checks off and on
    say("bench: 5-node cluster, default faults, %d schedules of %.1f s per pass, checks off vs on...",
        c.clusterSchedules(), c.clusterDurationMicros() / 1e6);
    ClusterThroughput cluster = new ClusterThroughput(ClusterConfig.defaults(), FaultProfile.DEFAULT,
        c.clusterDurationMicros(), CLUSTER_FIRST_SEED, c.clusterSchedules());
    for (int i = 0; i < 2; i++) {
      cluster.pass(ClusterThroughput.UNCHECKED);
      cluster.pass(ClusterThroughput.CHECKED);
    }
    double[] unchecked = new double[c.iterations()];
    double[] checked = new double[c.iterations()];
    double[] onOff = new double[c.iterations()];
    double[] vsBare = new double[c.iterations()];
    double[] speedup = new double[c.iterations()];
    double[] uncheckedSpeedup = new double[c.iterations()];
    long eventsPerPass = 0;
    int failures = 0;
    for (int i = 0; i < c.iterations(); i++) {
      double bareRate = timeBare(bare64, c.bareEvents());
      ClusterThroughput.Pass off = cluster.pass(ClusterThroughput.UNCHECKED);
      ClusterThroughput.Pass on = cluster.pass(ClusterThroughput.CHECKED);
      if (off.events() != on.events() || off.digestSum() != on.digestSum()) {
        throw new IllegalStateException("checked and unchecked passes ran different schedules: " + off + " vs " + on);
      }
      unchecked[i] = off.eventsPerSecond();
      checked[i] = on.eventsPerSecond();
      onOff[i] = on.wallNanos() / (double) off.wallNanos();
      vsBare[i] = on.eventsPerSecond() / bareRate;
      speedup[i] = on.speedup();
      uncheckedSpeedup[i] = off.speedup();
      eventsPerPass = on.events();
      failures = on.failures();
    }
    Stats uncheckedStats = Stats.of(unchecked);
    Stats checkedStats = Stats.of(checked);
    Stats onOffStats = Stats.of(onOff);
    Stats vsBareStats = Stats.of(vsBare);
    Stats speedupStats = Stats.of(speedup);
    m.put("uncheckedEventsPerSecond", uncheckedStats.median());
    m.put("checkedEventsPerSecond", checkedStats.median());
    m.put("checksOnOffRatio", onOffStats.median());
    m.put("checkedVsBareLoop", vsBareStats.median());
    m.put("simulatedSpeedup", speedupStats.median());
    m.put("uncheckedSimulatedSpeedup", Stats.of(uncheckedSpeedup).median());
    details.put("uncheckedEventsPerSecond", uncheckedStats.toMap());
    details.put("checkedEventsPerSecond", checkedStats.toMap());
    details.put("checksOnOffRatio", onOffStats.toMap());
    details.put("checkedVsBareLoop", vsBareStats.toMap());
    details.put("simulatedSpeedup", speedupStats.toMap());
    details.put("clusterEventsPerPass", eventsPerPass);
    details.put("clusterSchedulesPerPass", c.clusterSchedules());
    details.put("clusterFailuresPerPass", failures);

    // ---------------------------------------------------------------- check cost against log length
    say("bench: checker cost per event at log lengths %d and %d (%d windows each)...", BenchConfig.SMALL_LOG,
        c.largeLog(), c.checkWindows());
    CheckCost.Comparison cost = CheckCost.compare(BenchConfig.SMALL_LOG, c.largeLog(), c.checkRoundsPerWindow(),
        Math.max(4, c.checkWindows() / 5), c.checkWindows());
    String large = c.largeLog() == 100_000 ? "100000" : Integer.toString(c.largeLog());
    m.put("checkCostPerEventNanosAtLog100", cost.small().nanosPerEvent().median());
    m.put("checkCostPerEventNanosAtLog" + large, cost.large().nanosPerEvent().median());
    m.put("checkCostRatio", cost.ratio());
    details.put("checkCostPerEventNanosAtLog100", cost.small().nanosPerEvent().toMap());
    details.put("checkCostPerEventNanosAtLog" + large, cost.large().nanosPerEvent().toMap());
    details.put("checkCostMeanLogLengths", new double[] {cost.small().meanLogLength(), cost.large().meanLogLength()});
    details.put("checkCostEventsPerLength", cost.small().events());
    details.put("clockReadNanos", cost.clockNanos());

    // ---------------------------------------------------------------- fuzz campaigns at 1 and 2 threads
    say("bench: fuzz campaigns of %d swarm schedules at 1 and 2 threads (%d each)...", c.fuzzSchedules(),
        c.fuzzRepeats());
    Path scratch = scratchDir();
    try {
      FuzzThroughput.run(FUZZ_SEED + 1, Math.max(2, c.fuzzSchedules() / 4), 2, BenchConfig.SCHEDULE_MICROS, scratch);
      double[] one = new double[c.fuzzRepeats()];
      double[] two = new double[c.fuzzRepeats()];
      double[] scaling = new double[c.fuzzRepeats()];
      String digest1 = null;
      String digest2 = null;
      int fuzzFailures = 0;
      for (int i = 0; i < c.fuzzRepeats(); i++) {
        FuzzThroughput.Result r1 = FuzzThroughput.run(FUZZ_SEED, c.fuzzSchedules(), 1, BenchConfig.SCHEDULE_MICROS,
            scratch);
        FuzzThroughput.Result r2 = FuzzThroughput.run(FUZZ_SEED, c.fuzzSchedules(), 2, BenchConfig.SCHEDULE_MICROS,
            scratch);
        one[i] = r1.schedulesPerSecond();
        two[i] = r2.schedulesPerSecond();
        scaling[i] = two[i] / one[i];
        digest1 = r1.campaignDigest();
        digest2 = r2.campaignDigest();
        fuzzFailures = r2.failures();
      }
      if (!digest1.equals(digest2)) {
        throw new IllegalStateException("campaign digest depends on the thread count: " + digest1 + " vs " + digest2);
      }
      Stats s1 = Stats.of(one);
      Stats s2 = Stats.of(two);
      Stats sc = Stats.of(scaling);
      m.put("fuzzSchedulesPerSecond1Thread", s1.median());
      m.put("fuzzSchedulesPerSecond2Threads", s2.median());
      m.put("fuzzScaling2Threads", sc.median());
      details.put("fuzzSchedulesPerSecond1Thread", s1.toMap());
      details.put("fuzzSchedulesPerSecond2Threads", s2.toMap());
      details.put("fuzzScaling2Threads", sc.toMap());
      details.put("fuzzCampaignDigest", digest2);
      details.put("fuzzFailures", fuzzFailures);
      if (c.fullCampaign()) {
        say("bench: the full campaign: %d schedules x 10 s x 5 nodes at 2 threads...", BenchConfig.ISSUE_SCHEDULES);
        FuzzThroughput.Result full = FuzzThroughput.run(FUZZ_SEED, BenchConfig.ISSUE_SCHEDULES, 2,
            BenchConfig.SCHEDULE_MICROS, scratch);
        m.put("fuzz10kSchedulesWallSeconds", full.wallMillis() / 1000.0);
        m.put("fuzz10kSchedulesMeasured", true);
        details.put("fuzz10kCampaignDigest", full.campaignDigest());
        details.put("fuzz10kEvents", full.events());
      } else {
        m.put("fuzz10kSchedulesWallSeconds", BenchConfig.ISSUE_SCHEDULES / s2.median());
        m.put("fuzz10kSchedulesMeasured", false);
      }
    } finally {
      FuzzThroughput.deleteTree(scratch);
    }

    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("loadAverageBefore", loadBefore);
    m.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    m.put("benchWallSeconds", (System.nanoTime() - started) / 1e9);
    m.put("java", System.getProperty("java.version"));
    m.put("details", details);
    return new BenchReport(m, c.largeLog());
  }

  private Path scratchDir() {
    try {
      return config.scratch() == null ? Files.createTempDirectory("raftsim-bench-")
          : Files.createTempDirectory(Files.createDirectories(config.scratch()), "raftsim-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double timeBare(BareLoop loop, long events) {
    long t0 = System.nanoTime();
    loop.run(events);
    return events * 1e9 / Math.max(1, System.nanoTime() - t0);
  }
}
