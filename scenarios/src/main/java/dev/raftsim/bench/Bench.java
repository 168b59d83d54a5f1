package dev.raftsim.bench;

import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.sim.FaultProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code raftsim bench}: every figure of the performance goals measured in one run, so that their ratios are fair
 * on a shared, noisy machine. Each subject is measured in iterations interleaved with a sample of the bare-loop
 * ceiling, and every ratio is taken per iteration before the median is, so a neighbour that steals the CPU for a
 * while slows both sides of a ratio alike. Single-threaded subjects are also timed in thread CPU time, which a
 * busy machine disturbs far less than wall time.
 *
 * <p>Phase order matters to the JIT: the Raft cluster and the fuzz campaigns run first, as they would in a real
 * {@code raftsim fuzz}; the ping-pong kernel and the directly driven cluster of the check-cost measurement come
 * after, because their process and view classes would otherwise make the simulator's and the checkers' call sites
 * polymorphic and the cluster slower than it really is. (The JMH benchmarks fork a fresh JVM for each.)
 */
public final class Bench {
  /** Ping-pong shape: processes x messages each = messages in flight. */
  static final int KERNEL_PROCESSES = 4;
  static final int KERNEL_PER_PROCESS = 16;
  static final long CLUSTER_FIRST_SEED = 1;
  static final long FUZZ_SEED = 20_240_601;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final BenchConfig config;
  private final PrintStream log;
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Map<String, Object> details = new LinkedHashMap<>();

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

  /** A figure: its median goes to the top level, the whole spread to the details. */
  private void put(String field, Stats s) {
    fields.put(field, s.median());
    details.put(field, s.toMap());
  }

  public BenchReport run() {
    BenchConfig c = config;
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long started = System.nanoTime();
    BareLoop bare64 = new BareLoop(64, 1);
    BareLoop bare4096 = new BareLoop(4096, 2);
    for (int i = 0; i < 3; i++) {
      bare64.run(c.bareEvents());
      bare4096.run(c.bareEvents());
    }
    // Placeholders keep the JSON in reading order whatever order the phases run in.
    for (String f : new String[] {"bareLoopEventsPerSecond", "bareLoopEventsPerSecondAt4096Pending",
        "kernelEventsPerSecond", "kernelVsBareLoop"}) {
      fields.put(f, null);
    }
    clusterPhase(bare64);
    protocolKnobsPhase();
    fuzzPhase();
    compactionPhase();
    kernelPhase(bare64, bare4096);
    checkCostPhase();
    fields.put("cores", Runtime.getRuntime().availableProcessors());
    fields.put("loadAverageBefore", loadBefore);
    fields.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    fields.put("benchWallSeconds", (System.nanoTime() - started) / 1e9);
    fields.put("java", System.getProperty("java.version"));
    fields.put("details", details);
    return new BenchReport(fields, c.largeLog());
  }

  // ---------------------------------------------------------------- the Raft cluster, checks off and on

  private void clusterPhase(BareLoop bare64) {
    BenchConfig c = config;
    say("bench: 5-node cluster, default faults, %d schedules of %.1f s per pass, checks off vs on (%d iterations)...",
        c.clusterSchedules(), c.clusterDurationMicros() / 1e6, c.iterations());
    ClusterThroughput cluster = new ClusterThroughput(ClusterConfig.defaults(), FaultProfile.DEFAULT,
        c.clusterDurationMicros(), CLUSTER_FIRST_SEED, c.clusterSchedules());
    long warmUntil = System.nanoTime() + c.warmupMillis() * 1_000_000;
    for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) {
      cluster.pass(ClusterThroughput.UNCHECKED);
      cluster.pass(ClusterThroughput.CHECKED);
    }
    int n = c.iterations();
    double[] bare = new double[n];
    double[] unchecked = new double[n];
    double[] checked = new double[n];
    double[] onOff = new double[n];
    double[] vsBare = new double[n];
    double[] speedup = new double[n];
    double[] uncheckedSpeedup = new double[n];
    double[] uncheckedCpu = new double[n];
    double[] checkedCpu = new double[n];
    double[] onOffCpu = new double[n];
    double[] coverageNanos = new double[n];
    double[] coverageRatio = new double[n];
    long eventsPerPass = 0;
    int failures = 0;
    for (int i = 0; i < n; i++) {
      bare[i] = timeBare(bare64, c.bareEvents());
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      ClusterThroughput.Pass off = cluster.pass(ClusterThroughput.UNCHECKED);
      long cpu1 = THREADS.getCurrentThreadCpuTime();
      ClusterThroughput.Pass on = cluster.pass(ClusterThroughput.CHECKED);
      long cpu2 = THREADS.getCurrentThreadCpuTime();
      // The same checked pass without abstract-state coverage: what that coverage costs per event.
      ClusterThroughput.Pass noStates = cluster.pass(ClusterThroughput.CHECKED, false);
      long cpu3 = THREADS.getCurrentThreadCpuTime();
      coverageNanos[i] = ((cpu2 - cpu1) - (cpu3 - cpu2)) / (double) Math.max(1, on.events());
      coverageRatio[i] = (cpu2 - cpu1) / (double) Math.max(1, cpu3 - cpu2);
      if (noStates.digestSum() != on.digestSum()) {
        throw new IllegalStateException("abstract-state coverage changed the runs");
      }
      if (off.events() != on.events() || off.digestSum() != on.digestSum()) {
        throw new IllegalStateException("checked and unchecked passes ran different schedules: " + off + " vs " + on);
      }
      unchecked[i] = off.eventsPerSecond();
      checked[i] = on.eventsPerSecond();
      onOff[i] = on.wallNanos() / (double) off.wallNanos();
      vsBare[i] = on.eventsPerSecond() / bare[i];
      speedup[i] = on.speedup();
      uncheckedSpeedup[i] = off.speedup();
      uncheckedCpu[i] = off.events() * 1e9 / Math.max(1, cpu1 - cpu0);
      checkedCpu[i] = on.events() * 1e9 / Math.max(1, cpu2 - cpu1);
      onOffCpu[i] = (cpu2 - cpu1) / (double) Math.max(1, cpu1 - cpu0);
      eventsPerPass = on.events();
      failures = on.failures();
    }
    put("uncheckedEventsPerSecond", Stats.of(unchecked));
    put("checkedEventsPerSecond", Stats.of(checked));
    put("checksOnOffRatio", Stats.of(onOff));
    put("checkedVsBareLoop", Stats.of(vsBare));
    put("simulatedSpeedup", Stats.of(speedup));
    put("uncheckedSimulatedSpeedup", Stats.of(uncheckedSpeedup));
    put("uncheckedEventsPerCpuSecond", Stats.of(uncheckedCpu));
    put("checkedEventsPerCpuSecond", Stats.of(checkedCpu));
    put("checksOnOffRatioCpu", Stats.of(onOffCpu));
    put("abstractStateCostPerEventNanos", Stats.of(coverageNanos));
    put("abstractStateOnOffRatioCpu", Stats.of(coverageRatio));
    details.put("bareLoopDuringClusterPhase", Stats.of(bare).toMap());
    details.put("clusterEventsPerPass", eventsPerPass);
    details.put("clusterSchedulesPerPass", c.clusterSchedules());
    details.put("clusterFailuresPerPass", failures);
  }

  // ---------------------------------------------------------------- swarm with the snapshot knob on and off

  private void compactionPhase() {
    BenchConfig c = config;
    int schedules = Math.max(4, c.fuzzSchedules() / 2);
    say("bench: swarm schedules with the snapshot knob as drawn and forced off (%d each, %d repeats)...", schedules,
        c.fuzzRepeats());
    CompactionThroughput.run(FUZZ_SEED + 2, Math.max(2, schedules / 4), BenchConfig.SCHEDULE_MICROS, true);
    int n = c.fuzzRepeats();
    double[] on = new double[n];
    double[] off = new double[n];
    double[] ratio = new double[n];
    for (int i = 0; i < n; i++) { // interleaved, so that a busy spell of the host hits both alike
      off[i] = CompactionThroughput.run(FUZZ_SEED, schedules, BenchConfig.SCHEDULE_MICROS, false).eventsPerSecond();
      on[i] = CompactionThroughput.run(FUZZ_SEED, schedules, BenchConfig.SCHEDULE_MICROS, true).eventsPerSecond();
      ratio[i] = on[i] / off[i];
    }
    put("swarmSnapshotsOnEventsPerSecond", Stats.of(on));
    put("swarmSnapshotsOffEventsPerSecond", Stats.of(off));
    put("swarmSnapshotsOnVsOff", Stats.of(ratio));
  }

  // ---------------------------------------------------------------- fuzz campaigns at 1 and 2 threads

  /**
   * Reads without the log, PreVote and CheckQuorum cost: the same swarm schedules (checked, as a campaign runs them)
   * with the knobs as drawn and with Figure 2's protocol (reads through the log, neither option), alternated.
   */
  private void protocolKnobsPhase() {
    BenchConfig c = config;
    int schedules = Math.max(2, c.fuzzSchedules() / 10);
    say("bench: %d swarm schedules with the read/PreVote/CheckQuorum knobs on and off...", schedules);
    dev.raftsim.scenarios.RunSpec[] on = new dev.raftsim.scenarios.RunSpec[schedules];
    dev.raftsim.scenarios.RunSpec[] off = new dev.raftsim.scenarios.RunSpec[schedules];
    for (int i = 0; i < schedules; i++) {
      on[i] = dev.raftsim.scenarios.RunSpec.generate(dev.raftsim.scenarios.Campaign.scheduleSeed(FUZZ_SEED, i),
          ClusterConfig.defaults(), FaultProfile.SWARM, BenchConfig.SCHEDULE_MICROS);
      off[i] = on[i].withCluster(on[i].cluster().withProtocol(dev.raftsim.scenarios.ProtocolKnobs.PLAIN));
    }
    knobsRate(on);
    knobsRate(off);
    int n = c.fuzzRepeats() + 1;
    double[] onRates = new double[n];
    double[] offRates = new double[n];
    double[] ratios = new double[n];
    for (int k = 0; k < n; k++) {
      onRates[k] = knobsRate(on);
      offRates[k] = knobsRate(off);
      ratios[k] = onRates[k] / offRates[k];
    }
    put("swarmKnobsOnEventsPerSecond", Stats.of(onRates));
    put("swarmKnobsOffEventsPerSecond", Stats.of(offRates));
    put("swarmKnobsOnOffRatio", Stats.of(ratios));
  }

  private static double knobsRate(dev.raftsim.scenarios.RunSpec[] specs) {
    long events = 0;
    long t0 = System.nanoTime();
    for (dev.raftsim.scenarios.RunSpec spec : specs) {
      events += dev.raftsim.scenarios.Simulator.run(spec).events();
    }
    return events / ((System.nanoTime() - t0) / 1e9);
  }

  private void fuzzPhase() {
    BenchConfig c = config;
    say("bench: fuzz campaigns of %d swarm schedules at 1 and 2 threads (%d each)...", c.fuzzSchedules(),
        c.fuzzRepeats());
    Path scratch = scratchDir();
    try {
      FuzzThroughput.run(FUZZ_SEED + 1, Math.max(2, c.fuzzSchedules() / 4), 2, BenchConfig.SCHEDULE_MICROS, scratch);
      int n = c.fuzzRepeats();
      double[] one = new double[n];
      double[] two = new double[n];
      double[] scaling = new double[n];
      double[] cpuUse = new double[n];
      String digest1 = null;
      String digest2 = null;
      int failures = 0;
      for (int i = 0; i < n; i++) {
        FuzzThroughput.Result r1 = FuzzThroughput.run(FUZZ_SEED, c.fuzzSchedules(), 1, BenchConfig.SCHEDULE_MICROS,
            scratch);
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        FuzzThroughput.Result r2 = FuzzThroughput.run(FUZZ_SEED, c.fuzzSchedules(), 2, BenchConfig.SCHEDULE_MICROS,
            scratch);
        cpuUse[i] = (processCpuNanos() - cpu0) / (double) Math.max(1, System.nanoTime() - wall0);
        one[i] = r1.schedulesPerSecond();
        two[i] = r2.schedulesPerSecond();
        scaling[i] = two[i] / one[i];
        digest1 = r1.campaignDigest();
        digest2 = r2.campaignDigest();
        failures = r2.failures();
      }
      if (!digest1.equals(digest2)) {
        throw new IllegalStateException("campaign digest depends on the thread count: " + digest1 + " vs " + digest2);
      }
      Stats s2 = Stats.of(two);
      put("fuzzSchedulesPerSecond1Thread", Stats.of(one));
      put("fuzzSchedulesPerSecond2Threads", s2);
      put("fuzzScaling2Threads", Stats.of(scaling));
      put("fuzzCoresBusy2Threads", Stats.of(cpuUse));
      details.put("fuzzCampaignDigest", digest2);
      details.put("fuzzFailures", failures);
      if (c.fullCampaign()) {
        say("bench: the full campaign: %d schedules x 10 s x 5 nodes at 2 threads...", BenchConfig.ISSUE_SCHEDULES);
        FuzzThroughput.Result full = FuzzThroughput.run(FUZZ_SEED, BenchConfig.ISSUE_SCHEDULES, 2,
            BenchConfig.SCHEDULE_MICROS, scratch);
        fields.put("fuzz10kSchedulesWallSeconds", full.wallMillis() / 1000.0);
        fields.put("fuzz10kSchedulesMeasured", true);
        details.put("fuzz10kCampaignDigest", full.campaignDigest());
        details.put("fuzz10kEvents", full.events());
        details.put("fuzz10kFailures", full.failures());
      } else {
        fields.put("fuzz10kSchedulesWallSeconds", BenchConfig.ISSUE_SCHEDULES / s2.median());
        fields.put("fuzz10kSchedulesMeasured", false);
      }
    } finally {
      FuzzThroughput.deleteTree(scratch);
    }
  }

  // ---------------------------------------------------------------- kernel vs the bare loop

  private void kernelPhase(BareLoop bare64, BareLoop bare4096) {
    BenchConfig c = config;
    say("bench: bare loop and kernel ping-pong (%d iterations)...", c.iterations());
    PingPong kernel = new PingPong(KERNEL_PROCESSES, KERNEL_PER_PROCESS, 42);
    for (int i = 0; i < 3; i++) {
      kernel.run(c.kernelSimulatedMicros());
    }
    int n = c.iterations();
    double[] bareRates = new double[n];
    double[] bare4096Rates = new double[n];
    double[] kernelRates = new double[n];
    double[] kernelRatios = new double[n];
    for (int i = 0; i < n; i++) {
      bareRates[i] = timeBare(bare64, c.bareEvents());
      bare4096Rates[i] = timeBare(bare4096, c.bareEvents());
      long t0 = System.nanoTime();
      long events = kernel.run(c.kernelSimulatedMicros());
      kernelRates[i] = events * 1e9 / Math.max(1, System.nanoTime() - t0);
      kernelRatios[i] = kernelRates[i] / bareRates[i];
    }
    put("bareLoopEventsPerSecond", Stats.of(bareRates));
    put("bareLoopEventsPerSecondAt4096Pending", Stats.of(bare4096Rates));
    put("kernelEventsPerSecond", Stats.of(kernelRates));
    put("kernelVsBareLoop", Stats.of(kernelRatios));
    details.put("kernelShape", KERNEL_PROCESSES + " processes, " + (KERNEL_PROCESSES * KERNEL_PER_PROCESS)
        + " messages in flight, calm network, observer on, digest on");
  }

  // ---------------------------------------------------------------- check cost against log length

  private void checkCostPhase() {
    BenchConfig c = config;
    say("bench: checker cost per event at log lengths %d and %d (%d windows each)...", BenchConfig.SMALL_LOG,
        c.largeLog(), c.checkWindows());
    CheckCost.Comparison cost = CheckCost.compare(BenchConfig.SMALL_LOG, c.largeLog(), c.checkRoundsPerWindow(),
        Math.max(4, c.checkWindows() / 5), c.checkWindows());
    put("checkCostPerEventNanosAtLog100", cost.small().nanosPerEvent());
    put("checkCostPerEventNanosAtLog" + c.largeLog(), cost.large().nanosPerEvent());
    fields.put("checkCostRatio", cost.ratio());
    details.put("checkCostMeanLogLengths", new double[] {cost.small().meanLogLength(), cost.large().meanLogLength()});
    details.put("checkCostEventsPerLength", cost.small().events());
    details.put("clockReadNanos", cost.clockNanos());
  }

  // ---------------------------------------------------------------- helpers

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

  /** CPU time of the whole process (all threads), or -1 where the platform does not tell. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
