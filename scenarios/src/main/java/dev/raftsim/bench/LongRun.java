package dev.raftsim.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultProfile;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * {@code raftsim bench --long-run}: one long swarm run with crashes against a short run of the same seed, the
 * measure of the durable journal's compaction. A restart reads the journal back; uncompacted it holds every record
 * ever written, so a long run slowed down and grew. Reported: events per CPU second of both runs (their ratio is the
 * slowdown; goal at most 1.5) and the largest live set of the long run, measured after full collections (goal
 * under 256 MB for an hour). Off by default: the hour takes minutes.
 */
public final class LongRun {
  public static final long SEED = 21;
  public static final long SHORT_MICROS = 300_000_000L;
  public static final long LONG_MICROS = 3_600_000_000L;

  /** What the two runs measured. */
  public record Result(long shortEvents, double shortCpuSeconds, long longEvents, double longCpuSeconds,
      long longSimulatedMicros, long peakLiveHeapBytes) {
    public double shortRate() {
      return shortEvents / Math.max(shortCpuSeconds, 1e-9);
    }

    public double longRate() {
      return longEvents / Math.max(longCpuSeconds, 1e-9);
    }

    /** How much slower per event the long run is (1 = not at all). */
    public double slowdown() {
      return shortRate() / Math.max(longRate(), 1e-9);
    }
  }

  private LongRun() {}

  public static Result measure(long shortMicros, long longMicros) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    RunSpec shortSpec = RunSpec.generate(SEED, ClusterConfig.defaults(), FaultProfile.SWARM, shortMicros);
    RunSpec longSpec = RunSpec.generate(SEED, ClusterConfig.defaults(), FaultProfile.SWARM, longMicros);
    Simulator.run(shortSpec, RunOptions.defaults()); // warm-up: otherwise the short run pays for the JIT alone
    long t0 = threads.getCurrentThreadCpuTime();
    RunResult s = Simulator.run(shortSpec, RunOptions.defaults());
    long t1 = threads.getCurrentThreadCpuTime();
    AtomicLong peak = new AtomicLong();
    List<Runnable> undo = watchMajorCollections(peak);
    long t2 = threads.getCurrentThreadCpuTime();
    RunResult l;
    try {
      l = Simulator.run(longSpec, RunOptions.defaults().withCancel(sampleLiveHeap(peak)));
    } finally {
      undo.forEach(Runnable::run);
    }
    long t3 = threads.getCurrentThreadCpuTime();
    return new Result(s.events(), (t1 - t0) / 1e9, l.events(), (t3 - t2) / 1e9, l.simulatedMicros(), peak.get());
  }

  /** Polls between samples: the run polls its cancel flag every 1,024 events, so this is every ~4 M events. */
  private static final int POLLS_PER_SAMPLE = 4096;

  /**
   * The heap in use after a young collection still holds whatever garbage has been promoted, so it overstates the
   * live set by up to the old generation's slack. The live set is what a full collection leaves: the run's cancel
   * poll (on the simulation's thread, between events) forces one every few million events, and collections the
   * JVM itself makes full are counted too (that catches the end of the run, where the history is checked). The
   * collections cost the simulation's thread no CPU time of its own, which is what the rates are measured in.
   */
  private static java.util.function.BooleanSupplier sampleLiveHeap(AtomicLong peak) {
    int[] polls = {0};
    return () -> {
      if (++polls[0] % POLLS_PER_SAMPLE == 0) {
        System.gc();
        peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
      }
      return false;
    };
  }

  /** Records the heap in use after each full collection (the live set), keeping the largest. */
  private static List<Runnable> watchMajorCollections(AtomicLong peak) {
    List<Runnable> undo = new ArrayList<>();
    NotificationListener listener = (n, handback) -> {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      if (!info.getGcAction().contains("major")) {
        return;
      }
      long used = 0;
      for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
        used += u.getUsed();
      }
      peak.accumulateAndGet(used, Math::max);
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        undo.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (ListenerNotFoundException ignored) {
            // already gone
          }
        });
      }
    }
    return undo;
  }
}
