package dev.raftsim.cli;

import dev.raftsim.scenarios.Counterexample;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Re-executes a counterexample file exactly and says whether it reproduced. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-run counterexample files exactly: same violation, same digest (exit 1 when one reproduces).",
        "Kept in a repository, shrunk counterexamples are regression files: './raftsim replay regressions/*.json' "
            + "exits 0 once none of them fails any more."})
public final class ReplayCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "Counterexample files written by fuzz, shrink or check.")
  List<Path> files;

  /** The file being replayed. */
  private Path file;

  @Option(names = "--json", description = "Print the result as one JSON object on the last line.")
  boolean json;

  @picocli.CommandLine.Mixin ImplOptions impl;

  @Option(names = "--trace", paramLabel = "FILE", description = "Write the full trace as JSON Lines.")
  Path trace;

  @Option(names = "--state-trace", paramLabel = "FILE",
      description = "Write every touched server's state after every event as NDJSON (docs/reports.md).")
  Path stateTrace;

  @Option(names = "--report", paramLabel = "DIR", description = "Write HTML, JSON and ShiViz reports into DIR.")
  Path reportDir;

  @Override
  public Integer call() {
    if (files.size() > 1 && trace != null) {
      throw new BadInputException("--trace writes one trace: give it one FILE, not " + files.size());
    }
    if (files.size() > 1 && stateTrace != null) {
      throw new BadInputException("--state-trace writes one trace: give it one FILE, not " + files.size());
    }
    if (reportDir != null) {
      OutputFiles.requireWritableFolder(reportDir, "--report");
    }
    if (trace != null) {
      OutputFiles.requireWritableFile(trace, "--trace");
    }
    if (stateTrace != null) {
      OutputFiles.requireWritableFile(stateTrace, "--state-trace");
    }
    int worst = Main.OK;
    int failing = 0;
    for (Path f : files) {
      file = f;
      int code;
      try {
        code = replayOne();
      } catch (BadInputException e) {
        // One bad file in a batch is reported and the rest still run; the exit code is the worst of all.
        System.err.println("raftsim: " + Main.oneLine(e.getMessage()));
        code = Main.BAD_INPUT;
      }
      failing += code == Main.VIOLATION ? 1 : 0;
      worst = Math.max(worst, code);
    }
    if (files.size() > 1 && !json) {
      System.out.println(failing == 0 ? "all " + files.size() + " files pass"
          : failing + " of " + files.size() + " files still fail");
    }
    return worst;
  }

  private Integer replayOne() {
    com.fasterxml.jackson.databind.JsonNode root = readJson(file);
    if (dev.raftsim.scenarios.check.CheckReplay.isCheckPath(root)) {
      return replayCheckPath(root);
    }
    Counterexample cx;
    try {
      cx = Counterexample.fromJson(root, file.toString());
    } catch (Counterexample.FormatException e) {
      throw new BadInputException(e.getMessage());
    }
    RunSpec spec = impl.forReplay(cx, file);
    long t0 = System.nanoTime();
    RunResult r = RunCommand.runTraced(spec, trace, stateTrace);
    long wall = System.nanoTime() - t0;
    boolean digestMatches = r.digestHex().equals(cx.expected().digest());
    boolean sameViolation = r.violation() != null && r.violation().invariant().equals(cx.expected().invariant());
    if (reportDir != null) {
      String base = file.getFileName().toString().replaceFirst("\\.json$", "");
      ReportHook.writeOne(r, reportDir, base, dev.raftsim.scenarios.FailureReports.replayCommand(file), System.err);
    }
    if (!digestMatches) {
      System.err.printf(Locale.ROOT, "raftsim: DIGEST MISMATCH: the file expects %s after %d events, this run gave %s "
          + "after %d events: the code or the file changed since it was recorded%n", cx.expected().digest(),
          cx.expected().events(), r.digestHex(), r.events());
    }
    if (json) {
      Map<String, Object> m = JsonOut.run(r);
      m.put("file", file.toString());
      m.put("expectedDigest", cx.expected().digest());
      m.put("digestMatches", digestMatches);
      m.put("reproduced", sameViolation);
      m.put("wallMillis", wall / 1_000_000);
      System.out.println(JsonOut.line(m));
    } else {
      System.out.println("== " + file);
      if (cx.origin() != null) {
        System.out.println("origin: " + cx.origin().describe());
        cx.origin().shrinkNotes().forEach(n -> System.out.println("  shrink: " + n));
      }
      System.out.print(ClusterText.summary(r, wall));
      // Each result names its file: with many files the verdicts are what people scan.
      System.out.println(file + ": " + (sameViolation
          ? "reproduced: " + cx.expected().invariant() + (digestMatches ? ", digest matches" : ", but the digest differs")
          : "NOT reproduced: expected " + cx.expected().invariant() + ", got "
              + (r.violation() == null ? "no violation" : r.violation().invariant())));
    }
    return r.failed() ? Main.VIOLATION : Main.OK;
  }

  private static com.fasterxml.jackson.databind.JsonNode readJson(Path file) {
    try {
      return Counterexample.readJson(file);
    } catch (Counterexample.FormatException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** A shortest path found by `raftsim check`: re-executed on the same node code by the model checker. */
  private Integer replayCheckPath(com.fasterxml.jackson.databind.JsonNode root) {
    dev.raftsim.scenarios.check.CheckReplay.Result r;
    try {
      r = dev.raftsim.scenarios.check.CheckReplay.replay(root);
    } catch (dev.raftsim.scenarios.check.CheckReplayException e) {
      throw new BadInputException(file + ": " + e.getMessage());
    }
    String expected = r.expectedDigest();
    boolean digestMatches = expected.equals(r.digest());
    if (!digestMatches) {
      System.err.println("raftsim: DIGEST MISMATCH: the file expects " + expected + ", this replay gave " + r.digest()
          + ": the code or the file changed since it was recorded");
    }
    writeCheckPathOutputs(r);
    if (json) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("file", file.toString());
      m.put("format", root.path("format").asText());
      m.put("digest", r.digest());
      m.put("expectedDigest", expected);
      m.put("digestMatches", digestMatches);
      m.put("reproduced", r.reproduced());
      m.put("violation", JsonOut.violation(r.violation()));
      m.put("path", r.path());
      System.out.println(JsonOut.line(m));
    } else {
      System.out.println("== " + file + " (model checker path)");
      r.path().forEach(System.out::println);
      System.out.println(file + ": " + (r.violation() == null ? "NOT reproduced: no violation"
          : "reproduced: " + r.violation().invariant() + ": " + r.violation().message()));
    }
    return r.violation() == null ? Main.OK : Main.VIOLATION;
  }

  /**
   * --trace and --report for a model checker path: its steps are the trace (one JSON object per step) and the
   * report lists them, marking the step that broke the invariant.
   */
  private void writeCheckPathOutputs(dev.raftsim.scenarios.check.CheckReplay.Result r) {
    int broke = r.violation() == null ? 0 : (int) r.violation().eventIndex();
    try {
      if (trace != null) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.path().size(); i++) {
          Map<String, Object> step = new java.util.LinkedHashMap<>();
          step.put("step", i + 1);
          step.put("action", r.path().get(i).replaceFirst("^\\s*\\d+\\.\\s*", ""));
          if (i + 1 == broke) {
            step.put("violation", JsonOut.violation(r.violation()));
          }
          sb.append(JsonOut.line(step)).append('\n');
        }
        dev.raftsim.scenarios.Campaign.writeAtomically(trace, sb.toString().stripTrailing());
        System.err.println("trace: " + trace);
      }
      if (reportDir != null) {
        String base = file.getFileName().toString().replaceFirst("\\.json$", "") + ".report";
        String title = r.violation() == null ? "model checker path, no violation"
            : r.violation().invariant() + " violated after " + broke + " steps";
        List<Path> written = new dev.raftsim.reports.CheckPathReport(title, r.path(), broke,
            r.violation() == null ? "" : r.violation().invariant(), r.violation() == null ? "" : r.violation().message(),
            r.digest(), dev.raftsim.scenarios.FailureReports.replayCommand(file)).write(reportDir, base);
        written.forEach(p -> System.err.println("report: " + p));
      }
    } catch (java.io.IOException e) {
      throw new BadInputException("cannot write " + (reportDir != null ? reportDir : trace) + ": " + e.getMessage());
    }
  }

  static Counterexample load(Path file) {
    try {
      return Counterexample.read(file);
    } catch (Counterexample.FormatException e) {
      throw new BadInputException(e.getMessage());
    }
  }
}
