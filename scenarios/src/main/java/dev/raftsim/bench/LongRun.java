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
 * slowdown; goal at most 1.5) and the largest heap in use right after a garbage collection during the long run
 * (the live set, whatever -Xmx allows; goal under 256 MB for an hour). Off by default: the hour takes minutes.
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
    long t0 = threads.getCurrentThreadCpuTime();
    RunResult s = Simulator.run(shortSpec, RunOptions.defaults());
    long t1 = threads.getCurrentThreadCpuTime();
    AtomicLong peak = new AtomicLong();
    List<Runnable> undo = watchLiveHeap(peak);
    long t2 = threads.getCurrentThreadCpuTime();
    RunResult l;
    try {
      l = Simulator.run(longSpec, RunOptions.defaults());
    } finally {
      undo.forEach(Runnable::run);
    }
    long t3 = threads.getCurrentThreadCpuTime();
    return new Result(s.events(), (t1 - t0) / 1e9, l.events(), (t3 - t2) / 1e9, l.simulatedMicros(), peak.get());
  }

  /** Records the heap in use after each collection (the live set), keeping the largest. */
  private static List<Runnable> watchLiveHeap(AtomicLong peak) {
    List<Runnable> undo = new ArrayList<>();
    NotificationListener listener = (n, handback) -> {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
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
