package dev.raftsim.cli;

import dev.raftsim.scenarios.ImplementationCatalog;
import dev.raftsim.reports.CampaignData;
import dev.raftsim.reports.CampaignIndex;
import dev.raftsim.reports.ClientOp;
import dev.raftsim.reports.FailureLink;
import dev.raftsim.reports.LogCell;
import dev.raftsim.reports.NodeState;
import dev.raftsim.reports.Reports;
import dev.raftsim.reports.RunReport;
import dev.raftsim.reports.ViolationInfo;
import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.FailureReports;
import dev.raftsim.scenarios.HistoryOp;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.sim.TraceEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/** Writes the reports people look at: one HTML/JSON/ShiViz set per failure and the campaign's index.html. */
final class ReportHook {
  private final Path dir;
  private final PrintStream err;
  private final ConcurrentSkipListMap<Long, FailureLink> links = new ConcurrentSkipListMap<>();
  /** Reports still to write (fuzz --reports): a report re-runs the failure with its trace and renders it. */
  private final java.util.concurrent.atomic.AtomicLong budget;

  ReportHook(Path dir, PrintStream err) {
    this(dir, err, Long.MAX_VALUE);
  }

  /** Writes reports for the first {@code maxReports} failures to arrive; later ones are only listed in the index. */
  ReportHook(Path dir, PrintStream err, long maxReports) {
    this.dir = dir;
    this.err = err;
    this.budget = new java.util.concurrent.atomic.AtomicLong(maxReports);
  }

  /** Called from worker threads for each (shrunk) failure. */
  void write(Campaign.FailureRecord record, RunResult failing) {
    String html = null;
    if (budget.getAndUpdate(b -> b > 0 ? b - 1 : 0) > 0) {
      String base = record.file().replaceFirst("\\.json$", "") + ".report";
      List<Path> paths = writeOne(failing, dir, base,
          FailureReports.replayCommand(dir.resolve(record.file()), failing.spec()), err);
      html = paths.isEmpty() ? null : dir.relativize(paths.get(0)).toString();
    }
    links.put(record.index(), new FailureLink(record.index(), record.seed(), record.invariant(), record.message(), html,
        record.events(), record.found() == null ? null
            : new FailureLink.Origin(record.found().seed(), record.found().message(), record.found().events())));
  }

  /** Re-runs the failing spec with the trace on (it is deterministic) and writes its reports. */
  static List<Path> writeOne(RunResult failing, Path dir, String base, String replayCommand, PrintStream err) {
    try {
      List<Path> paths = FailureReports.write(failing.spec(), dir, base, replayCommand);
      synchronized (err) {
        for (Path p : paths) {
          err.println("report: " + p);
        }
      }
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  void writeIndex(Map<String, Object> summary, String commandLine) {
    Map<String, Object> stats = (Map<String, Object>) summary.get("stats");
    Map<String, Long> mix = new LinkedHashMap<>();
    ((Map<String, Object>) summary.get("faultMix")).forEach((k, v) -> mix.put(k, ((Number) v).longValue()));
    CampaignData data = new CampaignData("raftsim campaign, seed " + summary.get("seed"),
        ((Number) summary.get("schedules")).longValue(), ((Number) summary.get("failures")).longValue(),
        ((Number) summary.get("schedulesPerSecond")).doubleValue(),
        ((Number) summary.get("eventsPerSecond")).doubleValue(), ((Number) summary.get("wallMillis")).longValue(),
        (String) summary.get("campaignDigest"), Boolean.TRUE.equals(summary.get("interrupted")),
        new ArrayList<>(links.values()), mix, (List<Double>) stats.get("timeToFirstLeaderMillis"),
        (List<Double>) stats.get("medianCommitLatencyMillis"), (List<Integer>) stats.get("electionsPerRun"),
        commandLine, Boolean.TRUE.equals(summary.get("stoppedAtMaxFailures"))
            ? "the failure limit (--max-failures " + summary.get("maxFailures") + ") was reached after "
                + summary.get("schedules") + " of " + summary.get("requestedSchedules") + " schedules"
            : "");
    try {
      Path index = CampaignIndex.write(data, dev.raftsim.reports.CoverageData.fromSummary(summary.get("coverage")), dir);
      // The same page under the name CI artifact viewers look for first.
      dev.raftsim.reports.AtomicFiles.write(dir.resolve("summary.html"), java.nio.file.Files.readString(index));
      err.println("report: " + index);
    } catch (IOException e) {
      err.println("raftsim: could not write the campaign report: " + e.getMessage());
    }
  }
}
