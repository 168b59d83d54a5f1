package dev.raftsim.cli;

import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.DeterminismCheck;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.scenarios.StateTrace;
import dev.raftsim.sim.TraceEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs one schedule from a seed: also the seed-only form of replay. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run one schedule from a seed, checking every invariant after every event.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--seed", paramLabel = "S", description = "Seed of the schedule (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Mixin ClusterOptions cluster;

  @Option(names = "--json", description = "Print the result as one JSON object on the last line.")
  boolean json;

  @Option(names = "--trace", paramLabel = "FILE", description = "Write the full trace as JSON Lines.")
  Path trace;

  @Option(names = "--state-trace", paramLabel = "FILE",
      description = "Write every touched server's state after every event as NDJSON (docs/reports.md).")
  Path stateTrace;

  @Option(names = "--report", paramLabel = "DIR", description = "Write HTML, JSON and ShiViz reports of the run into DIR.")
  Path reportDir;

  @Option(names = "--check-determinism", description = "Run twice more and compare event by event; on a difference name the first event whose outcome differs (exit 1 for --impl other than raftsim, 3 for raftsim's own).")
  boolean checkDeterminism;

  @Override
  public Integer call() {
    // Outputs are checked before the run, so a bad path costs one line, not a run.
    if (trace != null) {
      OutputFiles.requireWritableFile(trace, "--trace");
    }
    if (stateTrace != null) {
      OutputFiles.requireWritableFile(stateTrace, "--state-trace");
    }
    if (reportDir != null) {
      OutputFiles.requireWritableFolder(reportDir, "--report");
    }
    RunSpec spec = RunSpec.generate(seed, cluster.cluster(), cluster.profile("default"), cluster.durationMicros())
        .withImpl(cluster.implChoice());
    long t0 = System.nanoTime();
    RunResult result = runTraced(spec, trace, stateTrace);
    long wall = System.nanoTime() - t0;
    if (checkDeterminism) {
      DeterminismCheck.Outcome o = DeterminismCheck.check(spec);
      if (!o.deterministic() || o.first().digest() != result.digest()) {
        System.err.println("raftsim: NOT deterministic: digest " + result.digestHex() + ", then " + o.first().digestHex()
            + " and " + o.second().digestHex());
        if (o.difference() != null) {
          System.err.println(o.difference().describe());
        }
        // Another implementation's nondeterminism is a finding about it; raftsim's own is raftsim's bug.
        return spec.impl().isDefault() ? Main.INTERNAL_ERROR : Main.VIOLATION;
      }
      System.err.println("determinism: two runs gave digest " + result.digestHex());
    }
    if (reportDir != null) {
      ReportHook.writeOne(result, reportDir, "run-seed" + seed, replayLine(spec), System.err);
    }
    if (json) {
      Map<String, Object> m = JsonOut.run(result);
      m.put("wallMillis", wall / 1_000_000);
      System.out.println(JsonOut.line(m));
    } else {
      System.out.print(ClusterText.summary(result, wall));
    }
    return result.failed() ? Main.VIOLATION : Main.OK;
  }

  String replayLine(RunSpec spec) {
    StringBuilder sb = new StringBuilder("./raftsim run --seed ").append(spec.seed())
        .append(" --nodes ").append(cluster.nodes).append(" --clients ").append(cluster.clients)
        .append(" --time ").append(cluster.time).append(" --faults ").append(cluster.faultsName("default"));
    for (String b : cluster.bugs) {
      sb.append(" --bug ").append(b);
    }
    return sb.toString();
  }

  /**
   * Runs the spec, streaming the trace to {@code file} as JSON Lines and the state trace to {@code stateFile} as
   * NDJSON when they are given (either may be null).
   */
  static RunResult runTraced(RunSpec spec, Path file, Path stateFile) {
    if (file == null) {
      return runStateTraced(spec, RunOptions.defaults(), stateFile);
    }
    RunResult[] result = new RunResult[1];
    try {
      dev.raftsim.reports.AtomicFiles.write(file, w -> {
        try {
          result[0] = runStateTraced(spec, RunOptions.defaults().withTrace((TraceEvent e) -> {
            try {
              w.write(e.toJson());
              w.write('\n');
            } catch (IOException io) {
              throw new UncheckedIOException(io);
            }
          }), stateFile);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      });
      System.err.println("trace: " + file);
      return result[0];
    } catch (IOException e) {
      throw new BadInputException("trace file: " + e.getMessage());
    }
  }

  private static RunResult runStateTraced(RunSpec spec, RunOptions options, Path stateFile) {
    if (stateFile == null) {
      return Simulator.run(spec, options);
    }
    try {
      RunResult r = StateTrace.write(spec, options, stateFile);
      System.err.println("state trace: " + stateFile);
      return r;
    } catch (IOException e) {
      throw new BadInputException("state trace file: " + e.getMessage());
    }
  }
}
