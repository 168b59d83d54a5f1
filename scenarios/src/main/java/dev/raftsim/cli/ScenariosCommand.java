package dev.raftsim.cli;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.catalogue.Catalogue;
import dev.raftsim.scenarios.catalogue.Scenario;
import dev.raftsim.scenarios.catalogue.ScenarioFormatException;
import dev.raftsim.scenarios.catalogue.ScenarioResult;
import dev.raftsim.scenarios.catalogue.ScenarioRunner;
import dev.raftsim.scenarios.catalogue.ScenarioText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scenario catalogue: the MIT lab's Raft tests and more, as deterministic scripted runs. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
    description = "List or run the scripted scenarios (the classic Raft lab tests, the paper's Figure 8, ...).",
    subcommands = {ScenariosCommand.ListScenarios.class, ScenariosCommand.RunScenarios.class})
public final class ScenariosCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Name and purpose of every built-in scenario, one per line.")
  static final class ListScenarios implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Also name the planted bugs each scenario catches.")
    boolean verbose;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<Scenario> all = Catalogue.all();
      int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(0);
      for (Scenario s : all) {
        String line = pad(s.name(), width) + "  " + s.purpose();
        if (verbose && !s.catches().isEmpty()) {
          line += "  [catches " + String.join(", ", s.catches().stream().map(PlantedBug::cliName).toList()) + "]";
        }
        out.println(line.stripTrailing());
      }
      out.flush();
      return Main.OK;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run scenarios (all built-in ones by default) and say which pass; exit 1 if any fails.")
  static final class RunScenarios implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Built-in scenarios to run ('scenarios list').")
    List<String> names = new ArrayList<>();

    @Option(names = "--file", paramLabel = "PATH", description = "Run a scenario file (repeatable).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--bug", paramLabel = "NAME", description = "Plant a bug in every scenario run (repeatable).")
    List<String> bugs = new ArrayList<>();

    @CommandLine.Mixin ImplOptions impl;

    @Option(names = "--rewrite", description = "Replace the expected block of each --file with what the run printed.")
    boolean rewrite;

    @Option(names = "--json", description = "Print the results as one JSON object on one line.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Print each scenario's transcript under its result.")
    boolean verbose;

    @Override
    public Integer call() {
      Set<PlantedBug> planted = impl.plantedBugs(bugs);
      dev.raftsim.scenarios.ImplChoice choice = impl.choice(bugs);
      if (rewrite && files.isEmpty()) {
        throw new BadInputException("--rewrite rewrites scenario files: give them with --file (the built-in ones are"
            + " under scenarios/src/main/resources/scenarios/)");
      }
      if (rewrite) {
        files.forEach(f -> OutputFiles.requireWritableFile(f, "--rewrite"));
      }
      List<Scenario> toRun = new ArrayList<>();
      for (String name : names) {
        toRun.add(Catalogue.find(name).orElseThrow(() -> new BadInputException("unknown scenario '" + name
            + "'; valid: " + String.join(", ", Catalogue.names()))));
      }
      List<String> texts = new ArrayList<>();
      for (Path f : files) {
        String text = read(f);
        texts.add(text);
        try {
          toRun.add(ScenarioText.parse(text, f.toString()));
        } catch (ScenarioFormatException e) {
          throw new BadInputException(e.getMessage());
        }
      }
      if (names.isEmpty() && files.isEmpty()) {
        toRun.addAll(Catalogue.all());
      }
      PrintWriter out = spec.commandLine().getOut();
      int width = toRun.stream().mapToInt(s -> s.name().length()).max().orElse(0);
      List<Map<String, Object>> rows = new ArrayList<>();
      int failed = 0;
      long simulated = 0;
      long wall = 0;
      int firstFile = toRun.size() - files.size();
      for (int i = 0; i < toRun.size(); i++) {
        Scenario s = toRun.get(i);
        boolean rewriting = rewrite && i >= firstFile;
        // A file being rewritten expects whatever this run prints: it stands or falls by its own verdict.
        ScenarioResult r = ScenarioRunner.run(rewriting ? s.withExpectedOutput(null) : s, planted, choice);
        String rewritten = null;
        if (rewriting) {
          Path f = files.get(i - firstFile);
          write(f, ScenarioText.rewrite(texts.get(i - firstFile), r.transcript()));
          rewritten = f.toString();
        }
        simulated += r.simulatedMicros();
        wall += r.wallNanos();
        if (!r.passed()) {
          failed++;
        }
        rows.add(row(r, rewritten));
        if (!json) {
          out.printf(Locale.ROOT, "%s  %s  %s simulated, %s wall%s%n", r.passed() ? "PASS" : "FAIL",
              pad(s.name(), width), seconds(r.simulatedMicros()), millis(r.wallNanos()),
              r.passed() ? "" : ": " + r.reason());
          if (rewritten != null) {
            out.println("      rewrote the expected block of " + rewritten);
          }
          if (verbose) {
            r.transcript().forEach(l -> out.println("      | " + l));
          }
        }
      }
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bugs", bugs);
        m.put("passed", toRun.size() - failed);
        m.put("failed", failed);
        m.put("simulatedMillis", simulated / 1000.0);
        m.put("wallMillis", wall / 1_000_000);
        m.put("scenarios", rows);
        out.println(JsonOut.line(m));
      } else {
        out.printf(Locale.ROOT, "%d passed, %d failed; %s simulated in %s wall%n", toRun.size() - failed, failed,
            seconds(simulated), millis(wall));
      }
      out.flush();
      return failed == 0 ? Main.OK : Main.VIOLATION;
    }

    private static Map<String, Object> row(ScenarioResult r, String rewritten) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("passed", r.passed());
      m.put("reason", r.reason());
      m.put("simulatedMillis", r.simulatedMicros() / 1000.0);
      m.put("wallMillis", r.wallNanos() / 1_000_000);
      m.put("events", r.run().events());
      m.put("digest", r.run().digestHex());
      m.put("violation", JsonOut.violation(r.violation()));
      m.put("transcript", r.transcript());
      if (rewritten != null) {
        m.put("rewrote", rewritten);
      }
      return m;
    }

    private static final long MAX_SCENARIO_BYTES = 4L << 20;

    private static String read(Path f) {
      try {
        if (!Files.isRegularFile(f)) {
          throw new BadInputException("cannot read scenario file " + f + ": "
              + (Files.exists(f) ? "not a file" : "no such file"));
        }
        if (Files.size(f) > MAX_SCENARIO_BYTES) {
          throw new BadInputException("scenario file " + f + " is too large (at most " + MAX_SCENARIO_BYTES
              + " bytes are read)");
        }
        return Files.readString(f, StandardCharsets.UTF_8);
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new BadInputException("scenario file " + f + " is not UTF-8 text");
      } catch (IOException e) {
        throw new BadInputException("cannot read scenario file " + f + ": " + dev.raftsim.reports.AtomicFiles.reason(e));
      }
    }

    private static void write(Path f, String text) {
      try {
        dev.raftsim.reports.AtomicFiles.write(f, text);
      } catch (IOException e) {
        throw new BadInputException(e.getMessage());
      }
    }
  }

  static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  static String seconds(long micros) {
    return String.format(Locale.ROOT, "%.2f s", micros / 1e6);
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%d ms", nanos / 1_000_000);
  }
}
