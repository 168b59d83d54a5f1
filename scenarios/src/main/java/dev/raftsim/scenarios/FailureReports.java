package dev.raftsim.scenarios;

import dev.raftsim.reports.ClientOp;
import dev.raftsim.reports.LogCell;
import dev.raftsim.reports.NodeState;
import dev.raftsim.reports.Reports;
import dev.raftsim.reports.RunReport;
import dev.raftsim.reports.ViolationInfo;
import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.scenarios.internal.Shell;
import dev.raftsim.sim.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTML, JSON and ShiViz reports of a run, written beside its counterexample: for fuzz campaigns, replays,
 * {@code bugs hunt} and failing {@link RaftProperty} tests alike, so every failure leaves something to open.
 */
public final class FailureReports {
  private FailureReports() {}

  /** The replay line printed in reports and messages, with the path shell-quoted. */
  public static String replayCommand(Path counterexample) {
    return "./raftsim replay " + Shell.quote(counterexample.toString());
  }

  /** As above, with the options that find the spec's implementation again (e.g. {@code --classpath}). */
  public static String replayCommand(Path counterexample, RunSpec spec) {
    return replayCommand(counterexample) + ImplementationCatalog.replayArguments(spec.impl().name());
  }

  /**
   * Writes the reports of the counterexample {@code file} beside it (FILE.report.html, .json, .shiviz) and returns
   * the HTML report's path; null when the file cannot be read (it was just written, so that is not expected).
   */
  public static Path writeFor(Path file) {
    try {
      Counterexample cx = Counterexample.read(file);
      Path dir = file.toAbsolutePath().getParent();
      String base = file.getFileName().toString().replaceFirst("\\.json$", "") + ".report";
      return write(cx.spec(), dir, base, replayCommand(file, cx.spec())).get(0);
    } catch (Counterexample.FormatException | IOException e) {
      return null;
    }
  }

  /** Re-runs the spec with the trace on (it is deterministic) and writes its reports; html, json, shiviz paths. */
  public static List<Path> write(RunSpec spec, Path dir, String base, String replayCommand) throws IOException {
    Reports.ReportFiles files = Reports.writeFailureReport(buildReport(spec, replayCommand), dir, base);
    return List.of(files.html(), files.json(), files.shiviz());
  }

  public static RunReport buildReport(RunSpec spec, String replayCommand) {
    return buildReport(spec, RunOptions.defaults(), replayCommand);
  }

  /** As above, under {@code options} (a user's invariants and workload: the report must show their violation). */
  public static RunReport buildReport(RunSpec spec, RunOptions options, String replayCommand) {
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
      for (int idx = n.snapshotIndex() + 1; idx <= n.lastIndex(); idx++) {
        log.add(new LogCell(idx, n.termAt(idx), n.describeEntry(idx)));
      }
      states.add(new NodeState(names.get(i), cluster.isUp(i), n.role().name(), n.currentTerm(), n.votedFor(),
          n.commitIndex(), n.lastApplied(), log, n.snapshotIndex(), n.snapshotTerm()));
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
        + duration(spec.durationMicros()), names, nodes, trace,
        r.violation() == null ? null : ViolationInfo.from(r.violation()), states, history, replayCommand,
        r.digestHex(), r.events(), r.simulatedMicros());
  }

  private static String duration(long micros) {
    return micros % 1_000_000 == 0 ? micros / 1_000_000 + "s"
        : micros % 1_000 == 0 ? micros / 1_000 + "ms" : micros + "us";
  }
}
