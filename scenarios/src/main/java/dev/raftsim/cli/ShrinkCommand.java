package dev.raftsim.cli;

import dev.raftsim.scenarios.ImplementationCatalog;
import dev.raftsim.scenarios.Counterexample;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.Shrinker;
import dev.raftsim.scenarios.Simulator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shrinks a counterexample file to a smaller schedule that still breaks the same invariant. */
@Command(name = "shrink", mixinStandardHelpOptions = true,
    description = "Shrink a counterexample: fewer faults, shorter run, simpler network, fewer commands.")
public final class ShrinkCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Counterexample file.")
  Path file;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the shrunk file (default: FILE with .shrunk.json).")
  Path out;

  @Option(names = "--attempts", paramLabel = "N", description = "Re-runs allowed (default: ${DEFAULT-VALUE}).")
  int attempts = Shrinker.Budget.DEFAULT.maxAttempts();

  @Option(names = "--time-limit", paramLabel = "DURATION", description = "Wall-clock cap (default: 60s).")
  String timeLimit = "60s";

  @Option(names = "--json", description = "Print the result as one JSON object on the last line.")
  boolean json;

  @picocli.CommandLine.Mixin ImplOptions impl;

  @Option(names = "--verbose", description = "Print the sizes reached after each round of edits (on stderr).")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    Counterexample cx = ReplayCommand.load(file);
    if (attempts < 1) {
      throw new BadInputException("--attempts must be >= 1");
    }
    long capMillis = Durations.parseMicros(timeLimit) / 1000;
    Path target = out != null ? out : Path.of(file.toString().replaceFirst("(\\.json)?$", ".shrunk.json"));
    OutputFiles.requireWritableFile(target, "--out");
    RunResult failing = Simulator.run(impl.forReplay(cx, file));
    if (!failing.failed()) {
      System.err.println("raftsim: " + file + " does not fail any more (expected " + cx.expected().invariant()
          + "); nothing to shrink");
      return Main.OK;
    }
    Shrinker shrinker = new Shrinker(new Shrinker.Budget(attempts, capMillis));
    if (verbose) {
      shrinker.logTo(line -> System.err.println("shrink: " + line));
    }
    Shrinker.Result s = shrinker.shrink(failing);
    Counterexample.Origin origin = cx.origin() == null ? Counterexample.Origin.found("shrink", -1, -1, failing)
        : cx.origin();
    Counterexample.of(s.shrunk(), origin.withShrinkNotes(s.explanation())).write(target);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", target.toString());
      m.put("invariant", s.shrunk().violation().invariant());
      m.put("eventsBefore", s.eventsBefore());
      m.put("eventsAfter", s.eventsAfter());
      m.put("faultActionsBefore", failing.spec().plan().actions().size());
      m.put("faultActionsAfter", s.shrunk().spec().plan().actions().size());
      m.put("attempts", s.attempts());
      m.put("hitTimeLimit", s.hitWallClock());
      m.put("whyStillLarge", s.explanation());
      System.out.println(JsonOut.line(m));
    } else {
      System.out.printf(Locale.ROOT, "shrunk %s: %d -> %d events, %d -> %d fault actions, %d re-runs%s%n",
          s.shrunk().violation().invariant(), s.eventsBefore(), s.eventsAfter(),
          failing.spec().plan().actions().size(), s.shrunk().spec().plan().actions().size(), s.attempts(),
          s.hitWallClock() ? " (time limit hit)" : "");
      for (String line : s.explanation()) {
        System.out.println("  " + line);
      }
      System.out.println("wrote " + target + "; replay: ./raftsim replay " + target
          + ImplementationCatalog.replayArguments(s.shrunk().spec().impl().name()));
    }
    return Main.VIOLATION;
  }
}
