package dev.raftsim.cli;

import dev.raftsim.bench.Bench;
import dev.raftsim.bench.BenchConfig;
import dev.raftsim.bench.BenchReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Measures the simulator against its performance goals, everything in one run so that the ratios are fair. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure raftsim's speed: the bare event-loop ceiling, the kernel, the Raft cluster with checks off"
        + " and on, the checkers' cost as logs grow, and fuzz campaigns at 1 and 2 threads, all in one run.",
        "Figures are medians of several iterations with their spread; on a shared machine trust the ratios more than"
        + " the absolute rates. Always exits 0: missed goals are reported, not failed."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Also print every figure as one JSON object on the last line.")
  boolean json;

  @Option(names = "--quick", description = "Fewer iterations and schedules (about a third of the time).")
  boolean quick;

  @Option(names = "--full-campaign", description = "Run the 10,000-schedule campaign at 2 threads for real instead of"
      + " extrapolating its wall time (minutes).")
  boolean fullCampaign;

  @Option(names = "--against", paramLabel = "JAR", description = "Instead, compare checked cluster events/s with"
      + " another release's raftsim.jar in this JVM (e.g. the build before the SPI) and print the ratio.")
  java.nio.file.Path against;

  @Option(names = "--impl", paramLabel = "NAME", description = "Instead, compare a hosted implementation's checked"
      + " cluster events/s and schedules/s with raftsim's own in this run (ratios; e.g. --impl microraft).")
  String impl;

  @Option(names = "--long-run", description = "Only the long-run figure: swarm seed 21 for --long-run-time (default"
      + " 3600s) against 300s, events per CPU second of each and the live heap's peak (minutes; run it with -Xmx256m"
      + " to check the goal).")
  boolean longRun;

  @Option(names = "--long-run-time", paramLabel = "DURATION", description = "Simulated length of the long run "
      + "(default: ${DEFAULT-VALUE}); a shorter one is a quick proxy.")
  String longRunTime = "3600s";

  @Override
  public Integer call() {
    if (longRun) {
      return longRun();
    }
    BenchConfig config = (quick ? BenchConfig.quick() : BenchConfig.standard()).withFullCampaign(fullCampaign);
    if (impl != null) {
      if (!dev.raftsim.scenarios.ImplementationCatalog.installed(impl)) {
        throw new BadInputException("--impl " + impl + ": no such implementation installed (found: " + dev.raftsim.scenarios.ImplementationCatalog.names() + ")");
      }
      java.util.Map<String, Object> m = dev.raftsim.bench.AgainstImplementation.run(impl, config, System.err);
      System.out.printf(java.util.Locale.ROOT, "%s against raftsim (checked 5-node cluster, default faults, thread CPU"
          + " time): %,.0f checked events/s vs %,.0f: ratio %.3f (goal >= 0.2); schedules/s ratio %.3f%n", impl,
          (Double) m.get("checkedEventsPerCpuSecond"), (Double) m.get("raftsimCheckedEventsPerCpuSecond"),
          (Double) m.get("eventsPerSecondRatio"), (Double) m.get("schedulesPerSecondRatio"));
      if (json) {
        System.out.println(JsonOut.line(m));
      }
      return Main.OK;
    }
    if (against != null) {
      java.util.Map<String, Object> m;
      try {
        m = dev.raftsim.bench.AgainstRelease.run(against, config, System.err);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      } catch (ReflectiveOperationException | java.io.IOException e) {
        throw new BadInputException("--against " + against + " is not a raftsim jar this bench can drive: " + e);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      System.out.printf(java.util.Locale.ROOT, "checked events/s: this build %,.0f, %s %,.0f: ratio %.3f by wall time,"
          + " %.3f by thread CPU time (goal >= 0.95)%n", (Double) m.get("checkedEventsPerSecond"), against,
          (Double) m.get("againstCheckedEventsPerSecond"), (Double) m.get("checkedVsAgainst"),
          (Double) m.get("checkedVsAgainstCpu"));
      if (json) {
        System.out.println(JsonOut.line(m));
      }
      return Main.OK;
    }
    BenchReport report = new Bench(config, System.err).run();
    System.out.print(report.table());
    if (json) {
      System.out.println(JsonOut.line(report.fields()));
    }
    return Main.OK;
  }

  private int longRun() {
    long micros = Durations.parseMicros(longRunTime);
    if (micros <= dev.raftsim.bench.LongRun.SHORT_MICROS) {
      throw new BadInputException("--long-run-time must be longer than the 300s it is compared with");
    }
    System.err.println("bench: long run, swarm seed " + dev.raftsim.bench.LongRun.SEED + ", 300s then "
        + Durations.human(micros) + " simulated ...");
    dev.raftsim.bench.LongRun.Result r = dev.raftsim.bench.LongRun.measure(dev.raftsim.bench.LongRun.SHORT_MICROS, micros);
    System.out.printf(java.util.Locale.ROOT, "long run (%s)   %,.0f events/s (CPU) against %,.0f for 300s: "
        + "slowdown %.2f (short rate / long rate; goal <= 1.5); live heap peak %.0f MB after full collections "
        + "(goal < 256 MB)%n", Durations.human(micros), r.longRate(), r.shortRate(),
        r.slowdown(), r.peakLiveHeapBytes() / 1e6);
    if (json) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("longRunSimulatedSeconds", micros / 1_000_000);
      m.put("longRunEvents", r.longEvents());
      m.put("longRunEventsPerCpuSecond", r.longRate());
      m.put("shortRunEventsPerCpuSecond", r.shortRate());
      m.put("longRunSlowdown", r.slowdown());
      m.put("longRunPeakLiveHeapMB", r.peakLiveHeapBytes() / 1e6);
      System.out.println(JsonOut.line(m));
    }
    return Main.OK;
  }
}
