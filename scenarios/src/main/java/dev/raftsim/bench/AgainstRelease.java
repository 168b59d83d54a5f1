package dev.raftsim.bench;

import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.sim.FaultProfile;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * This build against another release's jar in the same JVM: the same checked cluster schedules (5 nodes, default
 * faults) run by each, interleaved pass for pass so a noisy neighbour slows both alike, and the ratio of checked
 * events per second taken per iteration before the median. The other jar is loaded in a class loader of its own (it
 * shares nothing with this one but the JDK), and driven through its own {@code ClusterThroughput} by reflection.
 * Both must run identical schedules: the sums of their digests are compared (identical before and after the SPI).
 */
public final class AgainstRelease {
  private AgainstRelease() {}

  /** The comparison's figures: this/other checked events/s (median and spread), and both rates. */
  public static Map<String, Object> run(Path otherJar, BenchConfig c, PrintStream log) throws Exception {
    if (!Files.isRegularFile(otherJar)) {
      throw new IllegalArgumentException("--against " + otherJar + " is not a jar file");
    }
    try (URLClassLoader other = new URLClassLoader(new URL[] {otherJar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> cfgClass = other.loadClass("dev.raftsim.scenarios.ClusterConfig");
      Class<?> profileClass = other.loadClass("dev.raftsim.sim.FaultProfile");
      Class<?> throughputClass = other.loadClass("dev.raftsim.bench.ClusterThroughput");
      Class<?> optionsClass = other.loadClass("dev.raftsim.scenarios.RunOptions");
      Object cfg = cfgClass.getMethod("defaults").invoke(null);
      Object profile = profileClass.getField("DEFAULT").get(null);
      Object theirs = throughputClass.getConstructor(cfgClass, profileClass, long.class, long.class, int.class)
          .newInstance(cfg, profile, c.clusterDurationMicros(), Bench.CLUSTER_FIRST_SEED, c.clusterSchedules());
      Object checked = throughputClass.getField("CHECKED").get(null);
      Method pass = throughputClass.getMethod("pass", optionsClass);
      ClusterThroughput ours = new ClusterThroughput(ClusterConfig.defaults(), FaultProfile.DEFAULT,
          c.clusterDurationMicros(), Bench.CLUSTER_FIRST_SEED, c.clusterSchedules());
      if (log != null) {
        log.printf(Locale.ROOT, "bench: this build vs %s, checked 5-node cluster, %d schedules per pass, %d iterations%n",
            otherJar, c.clusterSchedules(), c.iterations());
      }
      long warmUntil = System.nanoTime() + c.warmupMillis() * 1_000_000;
      for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) {
        ours.pass(ClusterThroughput.CHECKED);
        pass.invoke(theirs, checked);
      }
      int n = c.iterations();
      double[] mine = new double[n];
      double[] base = new double[n];
      double[] ratio = new double[n];
      double[] cpuRatio = new double[n];
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      for (int i = 0; i < n; i++) {
        // Alternate who goes first, so neither always runs on a freshly collected heap. Thread CPU time beside
        // wall time: a busy machine disturbs it far less.
        Object p;
        ClusterThroughput.Pass q;
        long ourCpu;
        long theirCpu;
        if (i % 2 == 0) {
          long c0 = threads.getCurrentThreadCpuTime();
          q = ours.pass(ClusterThroughput.CHECKED);
          long c1 = threads.getCurrentThreadCpuTime();
          p = pass.invoke(theirs, checked);
          theirCpu = threads.getCurrentThreadCpuTime() - c1;
          ourCpu = c1 - c0;
        } else {
          long c0 = threads.getCurrentThreadCpuTime();
          p = pass.invoke(theirs, checked);
          long c1 = threads.getCurrentThreadCpuTime();
          q = ours.pass(ClusterThroughput.CHECKED);
          ourCpu = threads.getCurrentThreadCpuTime() - c1;
          theirCpu = c1 - c0;
        }
        long theirEvents = (long) p.getClass().getMethod("events").invoke(p);
        long theirWall = (long) p.getClass().getMethod("wallNanos").invoke(p);
        long theirDigests = (long) p.getClass().getMethod("digestSum").invoke(p);
        if (theirEvents != q.events() || theirDigests != q.digestSum()) {
          throw new IllegalStateException("the two builds ran different schedules (events " + q.events() + " vs "
              + theirEvents + "): digests changed, the comparison would be unfair");
        }
        mine[i] = q.eventsPerSecond();
        base[i] = theirEvents * 1e9 / Math.max(1, theirWall);
        ratio[i] = mine[i] / base[i];
        cpuRatio[i] = theirCpu / (double) Math.max(1, ourCpu);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("againstJar", otherJar.toString());
      m.put("checkedEventsPerSecond", Stats.of(mine).median());
      m.put("againstCheckedEventsPerSecond", Stats.of(base).median());
      m.put("checkedVsAgainst", Stats.of(ratio).median());
      m.put("checkedVsAgainstCpu", Stats.of(cpuRatio).median());
      m.put("details", Map.of("checkedVsAgainst", Stats.of(ratio).toMap(), "checkedVsAgainstCpu",
          Stats.of(cpuRatio).toMap()));
      return m;
    }
  }
}
