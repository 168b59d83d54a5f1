package dev.raftsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.scenarios.check.CheckConfig;
import dev.raftsim.scenarios.check.CheckPathFile;
import dev.raftsim.scenarios.check.CheckResult;
import dev.raftsim.scenarios.check.Counterexample;
import dev.raftsim.scenarios.check.ModelChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code raftsim check}: exhaustive bounded model checking of the RaftNode code. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Exhaustive bounded model checking of the same RaftNode code the simulator runs: breadth-first search over "
          + "every interleaving of election timeouts, heartbeats, client commands, restarts, snapshots, membership "
          + "changes and message delivery, loss and duplication within the bounds, with the safety invariants "
          + "checked on every transition. A violation is reported with a shortest path, saved as a file that "
          + "'raftsim replay' replays.",
      "Exit: 0 no violation, 1 violation, 2 bad input."
    })
public final class CheckCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "3", description = "cluster size (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--max-term", defaultValue = "2",
      description = "nodes time out only while their term is below this (default ${DEFAULT-VALUE})")
  int maxTerm;

  @Option(names = "--max-log", defaultValue = "1",
      description = "leaders accept client commands only while their log is shorter (default ${DEFAULT-VALUE})")
  int maxLog;

  @Option(names = "--max-restarts", defaultValue = "0", description = "restarts per path (default ${DEFAULT-VALUE})")
  int maxRestarts;

  @Option(names = "--max-in-flight", defaultValue = "4",
      description = "states with more distinct messages in flight are checked but not expanded (default ${DEFAULT-VALUE})")
  int maxInFlight;

  @Option(names = "--max-duplicates", defaultValue = "0",
      description = "message duplications per path (default ${DEFAULT-VALUE})")
  int maxDuplicates;

  @Option(names = "--symmetry", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "reduce by node renaming (default on; --no-symmetry turns it off)")
  boolean symmetry;

  @Option(names = "--bug", paramLabel = "NAME", description = "switch on a planted bug (repeatable)")
  List<String> bugs = new ArrayList<>();

  @Option(names = "--threads", defaultValue = "1", description = "worker threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--max-states", description = "stop (incomplete) after this many distinct states")
  Long maxStates;

  @Option(names = "--no-op-on-election", description = "new leaders append a no-op entry (off: raft.tla has none)")
  boolean noOpOnElection;

  @Option(names = "--max-entries-per-append", defaultValue = "" + RaftConfig.DEFAULT_MAX_ENTRIES_PER_APPEND,
      description = "the nodes' AppendEntries batch limit (default ${DEFAULT-VALUE}, the model's default)")
  int maxEntriesPerAppend;

  @Option(names = "--max-config-changes", defaultValue = "0", paramLabel = "N",
      description = "membership changes (AddVoter, Remove by a leader) per path (default ${DEFAULT-VALUE})")
  int maxConfigChanges;

  @Option(names = "--max-timeouts", paramLabel = "T",
      description = "election timeouts per path (default: unbounded but for --max-term)")
  Integer maxTimeouts;

  @Option(names = "--max-drops", paramLabel = "D", description = "message drops per path (default: unbounded)")
  Integer maxDrops;

  @Option(names = "--max-heartbeats", paramLabel = "H",
      description = "heartbeat timeouts per path (default: unbounded)")
  Integer maxHeartbeats;

  @Option(names = "--max-snapshots", defaultValue = "0", paramLabel = "K",
      description = "snapshot actions per path: a server snapshots at its applied index and discards its log through"
          + " it; leaders then send InstallSnapshot to followers behind their base (default ${DEFAULT-VALUE}: no log"
          + " compaction; 0..255)")
  int maxSnapshots;

  @Option(names = "--spares", paramLabel = "S",
      description = "servers (the last S) outside the initial configuration (default 1 with --max-config-changes,"
          + " else 0)")
  Integer spares;

  @Option(names = "--out", paramLabel = "FILE",
      description = "where to save a counterexample (default raftsim-check-counterexample.json)")
  Path out;

  @Option(names = "--json", description = "print one JSON object on the last line of stdout")
  boolean json;

  @Override
  public Integer call() {
    Set<PlantedBug> bugSet = EnumSet.noneOf(PlantedBug.class);
    for (String name : bugs) {
      bugSet.add(PlantedBug.fromCliName(name).orElseThrow(() -> new BadInputException("unknown bug '" + name
          + "' (valid: " + String.join(", ", PlantedBug.cliNames()) + ")")));
    }
    CheckConfig config;
    try {
      config = new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugSet,
          threads, maxStates == null ? Long.MAX_VALUE : maxStates, noOpOnElection, maxEntriesPerAppend,
          spares != null ? spares : maxConfigChanges > 0 ? 1 : 0, maxConfigChanges,
          maxTimeouts == null ? Integer.MAX_VALUE : maxTimeouts, maxDrops == null ? Integer.MAX_VALUE : maxDrops,
          maxHeartbeats == null ? Integer.MAX_VALUE : maxHeartbeats, maxSnapshots);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    OutputFiles.requireWritableFile(out != null ? out : Path.of("raftsim-check-counterexample.json"), "--out");
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (!json) {
      stdout.println("raftsim check: " + config.describe() + ", threads " + threads);
      stdout.flush();
    }
    CheckResult r = new ModelChecker(config).run(p -> {
      stderr.println(String.format(Locale.ROOT,
          "check: depth %d, %,d distinct states (%,.0f/s), %,d generated, %,d frontier states left, %.0f s",
          p.depth(), p.distinctStates(), p.distinctStatesPerSecond(), p.statesGenerated(), p.frontier(),
          p.elapsedMillis() / 1000.0));
      stderr.flush();
    });
    Path file = null;
    Counterexample cex = r.violation();
    if (cex != null) {
      file = out != null ? out : Path.of("raftsim-check-counterexample.json");
      try {
        CheckPathFile.write(file, config, cex);
      } catch (IOException e) {
        throw new BadInputException(e.getMessage(), e);
      }
    }
    if (json) {
      stdout.println(toJson(r, file));
    } else {
      printHuman(stdout, r, file);
    }
    stdout.flush();
    return cex == null ? Main.OK : Main.VIOLATION;
  }

  private static void printHuman(PrintWriter o, CheckResult r, Path file) {
    o.println(String.format(Locale.ROOT, "distinct states:    %,d", r.distinctStates()));
    o.println(String.format(Locale.ROOT, "states generated:   %,d", r.statesGenerated()));
    o.println(String.format(Locale.ROOT, "depth reached:      %d", r.depth()));
    o.println(String.format(Locale.ROOT, "distinct states/s:  %,.0f", r.distinctStatesPerSecond()));
    o.println(String.format(Locale.ROOT, "memory:             %,.1f MB checker structures (visited table %,.1f MB), "
        + "peak heap %,.0f MB", mb(r.memoryBytes()), mb(r.visitedTableBytes()), mb(r.heapUsedBytes())));
    o.println(String.format(Locale.ROOT, "wall time:          %.2f s", r.wallMillis() / 1000.0));
    Counterexample cex = r.violation();
    if (cex == null) {
      o.println("complete:           " + (r.complete()
          ? "yes, the state space within the bounds is exhausted"
          : "no, stopped at --max-states before the state space was exhausted"));
      o.println("no invariant violated");
      return;
    }
    o.println("complete:           no, stopped at the first violation");
    o.println();
    o.println("VIOLATION " + cex.invariant() + ": " + cex.message());
    o.println("shortest path (" + cex.steps().size() + " steps):");
    for (String line : cex.pathLines()) {
      o.println("  " + line);
    }
    o.println("counterexample saved to " + file + " (digest " + cex.digest() + "); replay: raftsim replay " + file);
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  static String toJson(CheckResult r, Path file) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    CheckConfig c = r.config();
    o.put("distinctStates", r.distinctStates());
    o.put("statesGenerated", r.statesGenerated());
    o.put("depth", r.depth());
    o.put("distinctStatesPerSecond", Math.round(r.distinctStatesPerSecond()));
    o.put("complete", r.complete());
    o.put("wallMillis", r.wallMillis());
    o.put("memoryBytes", r.memoryBytes());
    o.put("visitedTableBytes", r.visitedTableBytes());
    o.put("heapUsedBytes", r.heapUsedBytes());
    ObjectNode cfg = o.putObject("config");
    cfg.put("nodes", c.nodes());
    cfg.put("maxTerm", c.maxTerm());
    cfg.put("maxLog", c.maxLog());
    cfg.put("maxRestarts", c.maxRestarts());
    cfg.put("maxInFlight", c.maxInFlight());
    cfg.put("maxDuplicates", c.maxDuplicates());
    cfg.put("symmetry", c.symmetry());
    cfg.put("noOpOnElection", c.noOpOnElection());
    cfg.put("maxEntriesPerAppend", c.maxEntriesPerAppend());
    cfg.put("spares", c.spares());
    cfg.put("maxConfigChanges", c.maxConfigChanges());
    if (c.maxTimeouts() != Integer.MAX_VALUE) {
      cfg.put("maxTimeouts", c.maxTimeouts());
    }
    if (c.maxDrops() != Integer.MAX_VALUE) {
      cfg.put("maxDrops", c.maxDrops());
    }
    if (c.maxHeartbeats() != Integer.MAX_VALUE) {
      cfg.put("maxHeartbeats", c.maxHeartbeats());
    }
    cfg.put("maxSnapshots", c.maxSnapshots());
    cfg.put("threads", c.threads());
    ArrayNode bugs = cfg.putArray("bugs");
    c.bugs().forEach(b -> bugs.add(b.cliName()));
    Counterexample cex = r.violation();
    if (cex == null) {
      o.putNull("violation");
    } else {
      ObjectNode v = o.putObject("violation");
      v.put("invariant", cex.invariant());
      v.put("message", cex.message());
      ArrayNode path = v.putArray("path");
      cex.steps().forEach(s -> path.add(s.text()));
      v.put("file", file == null ? null : file.toString());
      v.put("digest", cex.digest());
    }
    return o.toString();
  }
}
