package dev.raftsim.bench;

import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.ImplChoice;
import dev.raftsim.sim.FaultProfile;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A hosted implementation against raftsim's own in one JVM: the same checked cluster schedules (5 nodes, default
 * faults) run by each, interleaved pass for pass so a noisy neighbour slows both alike; the ratios of checked events
 * per second and of schedules per second (by thread CPU time, which a busy machine disturbs least) are medians over
 * the iterations. The implementations run different protocols, so their event counts differ: both ratios are given.
 */
public final class AgainstImplementation {
  private AgainstImplementation() {}

  public static Map<String, Object> run(String impl, BenchConfig c, PrintStream log) {
    ClusterThroughput own = new ClusterThroughput(ClusterConfig.defaults(), FaultProfile.DEFAULT,
        c.clusterDurationMicros(), Bench.CLUSTER_FIRST_SEED, c.clusterSchedules());
    ClusterThroughput other = own.withImpl(ImplChoice.named(impl));
    if (log != null) {
      log.printf(Locale.ROOT, "bench: %s vs raftsim, checked 5-node cluster, %d schedules per pass, %d iterations%n",
          impl, c.clusterSchedules(), c.iterations());
    }
    long warmUntil = System.nanoTime() + c.warmupMillis() * 1_000_000;
    for (int i = 0; i < 2 || System.nanoTime() < warmUntil; i++) {
      own.pass(ClusterThroughput.CHECKED);
      other.pass(ClusterThroughput.CHECKED);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int n = c.iterations();
    double[] ownEps = new double[n];
    double[] otherEps = new double[n];
    double[] epsRatio = new double[n];
    double[] spsRatio = new double[n];
    for (int i = 0; i < n; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      ClusterThroughput.Pass a = i % 2 == 0 ? own.pass(ClusterThroughput.CHECKED) : other.pass(ClusterThroughput.CHECKED);
      long c1 = threads.getCurrentThreadCpuTime();
      ClusterThroughput.Pass b = i % 2 == 0 ? other.pass(ClusterThroughput.CHECKED) : own.pass(ClusterThroughput.CHECKED);
      long c2 = threads.getCurrentThreadCpuTime();
      ClusterThroughput.Pass mine = i % 2 == 0 ? a : b;
      ClusterThroughput.Pass theirs = i % 2 == 0 ? b : a;
      long ownCpu = i % 2 == 0 ? c1 - c0 : c2 - c1;
      long otherCpu = i % 2 == 0 ? c2 - c1 : c1 - c0;
      ownEps[i] = mine.events() * 1e9 / Math.max(1, ownCpu);
      otherEps[i] = theirs.events() * 1e9 / Math.max(1, otherCpu);
      epsRatio[i] = otherEps[i] / ownEps[i];
      spsRatio[i] = (double) ownCpu / Math.max(1, otherCpu); // same schedule count: the CPU-time ratio
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("implementation", impl);
    m.put("schedules", c.clusterSchedules());
    m.put("iterations", n);
    m.put("checkedEventsPerCpuSecond", Stats.of(otherEps).median());
    m.put("raftsimCheckedEventsPerCpuSecond", Stats.of(ownEps).median());
    m.put("eventsPerSecondRatio", Stats.of(epsRatio).median());
    m.put("schedulesPerSecondRatio", Stats.of(spsRatio).median());
    return m;
  }
}
