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

  ReportHook(Path dir, PrintStream err) {
    this.dir = dir;
    this.err = err;
  }

  /** Called from worker threads for each (shrunk) failure. */
  void write(Campaign.FailureRecord record, RunResult failing) {
    String base = record.file().replaceFirst("\\.json$", "") + ".report";
    List<Path> paths = writeOne(failing, dir, base, "./raftsim replay " + dir.resolve(record.file())
        + ImplementationCatalog.replayArguments(failing.spec().impl().name()), err);
    String html = paths.isEmpty() ? null : dir.relativize(paths.get(0)).toString();
    links.put(record.index(), new FailureLink(record.seed(), record.invariant(), record.message(), html,
        record.shrunkEvents() >= 0 ? record.shrunkEvents() : record.events()));
  }

  /** Re-runs the failing spec with the trace on (it is deterministic) and writes its reports. */
  static List<Path> writeOne(RunResult failing, Path dir, String base, String replayCommand, PrintStream err) {
    RunReport report = buildReport(failing.spec(), replayCommand);
    try {
      Reports.ReportFiles files = Reports.writeFailureReport(report, dir, base);
      List<Path> paths = List.of(files.html(), files.json(), files.shiviz());
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

  static RunReport buildReport(RunSpec spec, String replayCommand) {
    return buildReport(spec, RunOptions.defaults(), replayCommand);
  }

  /** As above, under {@code options} (a user's invariants and workload: the report must show their violation). */
  static RunReport buildReport(RunSpec spec, RunOptions options, String replayCommand) {
    List<TraceEvent> trace = new ArrayList<>();
    RaftCluster[] holder = new RaftCluster[1];
    RunResult r = Simulator.run(spec, options.withTrace(trace::add), c -> holder[0] = c);
    RaftCluster cluster = holder[0];
    int nodes = spec.cluster().nodes();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      names.add("n" + (i + 1));
    }
    for (int c = 1; c <= spec.cluster().clients(); c++) {
      names.add("c" + c);
    }
    List<NodeState> states = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      dev.raftsim.spi.NodeState n = cluster.node(i);
      List<LogCell> log = new ArrayList<>();
      for (int idx = 1; idx <= n.lastIndex(); idx++) {
        log.add(new LogCell(idx, n.termAt(idx), n.describeEntry(idx)));
      }
      states.add(new NodeState(names.get(i), cluster.isUp(i), n.role().name(), n.currentTerm(), n.votedFor(),
          n.commitIndex(), n.lastApplied(), log));
    }
    Set<Integer> offending = new HashSet<>(r.linearizabilityWitness());
    List<ClientOp> history = new ArrayList<>();
    for (HistoryOp h : r.history()) {
      history.add(new ClientOp(nodes + h.client() - 1, h.kindName(), h.key(), h.input(),
          h.output(), h.invokeMicros(), h.completeMicros(), offending.contains(h.id())));
    }
    String title = r.violation() == null ? "raftsim run, seed " + spec.seed()
        : r.violation().invariant() + " violated, seed " + spec.seed();
    return new RunReport(title, spec.seed(), spec.cluster().describe() + ", faults " + spec.faultsName() + ", "
        + Durations.format(spec.durationMicros()), names, nodes, trace,
        r.violation() == null ? null : ViolationInfo.from(r.violation()), states, history, replayCommand,
        r.digestHex(), r.events(), r.simulatedMicros());
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
        commandLine);
    try {
      Path index = CampaignIndex.write(data, dir);
      // The same page under the name CI artifact viewers look for first.
      dev.raftsim.reports.AtomicFiles.write(dir.resolve("summary.html"), java.nio.file.Files.readString(index));
      err.println("report: " + index);
    } catch (IOException e) {
      err.println("raftsim: could not write the campaign report: " + e.getMessage());
    }
  }
}
