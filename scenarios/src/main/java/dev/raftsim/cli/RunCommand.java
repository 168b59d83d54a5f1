package dev.raftsim.cli;

import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.DeterminismCheck;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
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

  @Option(names = "--check-determinism", description = "Run twice more and compare event by event; on a difference name the first event whose outcome differs (exit 1 for --impl other than raftsim, 3 for raftsim's own).")
  boolean checkDeterminism;

  @Override
  public Integer call() {
    RunSpec spec = RunSpec.generate(seed, cluster.cluster(), cluster.profile("default"), cluster.durationMicros())
        .withImpl(cluster.implChoice());
    long t0 = System.nanoTime();
    RunResult result = runTraced(spec, trace);
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

  /** Runs the spec, streaming the trace to {@code file} as JSON Lines when one is given. */
  static RunResult runTraced(RunSpec spec, Path file) {
    if (file == null) {
      return Simulator.run(spec);
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      RunResult r = Simulator.run(spec, RunOptions.defaults().withTrace((TraceEvent e) -> {
        try {
          w.write(e.toJson());
          w.write('\n');
        } catch (IOException io) {
          throw new UncheckedIOException(io);
        }
      }));
      System.err.println("trace: " + file);
      return r;
    } catch (IOException | UncheckedIOException e) {
      throw new BadInputException("cannot write trace file " + file + ": " + e.getMessage());
    }
  }
}
