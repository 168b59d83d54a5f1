package dev.raftsim.cli;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.CampaignConfig;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.Shrinker;
import dev.raftsim.scenarios.catalogue.Catalogue;
import dev.raftsim.scenarios.catalogue.Scenario;
import dev.raftsim.scenarios.catalogue.ScenarioResult;
import dev.raftsim.scenarios.catalogue.ScenarioRunner;
import dev.raftsim.sim.FaultProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The planted-bug scoreboard: how fast the default campaign catches each bug, and how small it shrinks it. */
@Command(name = "bugs", mixinStandardHelpOptions = true, description = "List the planted bugs, or hunt them all.",
    subcommands = {BugsCommand.ListBugs.class, BugsCommand.Hunt.class})
public final class BugsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Name and description of every planted bug.")
  static final class ListBugs implements Callable<Integer> {
    @picocli.CommandLine.Mixin ImplOptions impl;

    @Override
    public Integer call() {
      dev.raftsim.spi.RaftImplementation hosted = impl.resolve();
      if (!hosted.name().equals(dev.raftsim.spi.Implementations.DEFAULT)) {
        for (dev.raftsim.spi.ImplementationOption o : hosted.options()) {
          System.out.printf(Locale.ROOT, "%-26s %s%n", o.name(), o.description());
        }
        return Main.OK;
      }
      for (PlantedBug b : PlantedBug.values()) {
        System.out.printf(Locale.ROOT, "%-26s %s%n", b.cliName(), b.description());
      }
      return Main.OK;
    }
  }

  @Command(name = "hunt", mixinStandardHelpOptions = true,
      description = "For each planted bug run the default fuzz campaign (swarm faults) until the first violation "
          + "or the budget, shrink it, and print a scoreboard.")
  static final class Hunt implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "BUG", description = "Bugs to hunt (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = "--budget", paramLabel = "DURATION", description = "Wall-clock budget per bug (default: ${DEFAULT-VALUE}).")
    String budget = "60s";

    @Option(names = "--seed", paramLabel = "S", description = "Campaign seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print the scoreboard as one JSON object on the last line.")
    boolean json;

    @picocli.CommandLine.Mixin ImplOptions impl;

    @Option(names = "--out", paramLabel = "DIR", description = "Where each bug's campaign, shrunk counterexample and "
        + "report go (default: raftsim-out/hunt-<timestamp>).")
    Path out;

    @Option(names = "--compare", description = "Random against guided: schedules and wall time to the first "
        + "detection of each bug, median over --seeds campaign seeds, and abstract states reached on the correct model.")
    boolean compare;

    @Option(names = "--seeds", paramLabel = "N", description = "With --compare: campaign seeds per bug and mode, from --seed on (default: ${DEFAULT-VALUE}).")
    int seeds = 10;

    @Option(names = "--cap", paramLabel = "N", description = "With --compare: schedules per campaign before giving up (default: ${DEFAULT-VALUE}).")
    int cap = 500;

    @Option(names = "--state-schedules", paramLabel = "N", description = "With --compare: schedules of the abstract-state campaigns; 0 skips them (default: ${DEFAULT-VALUE}).")
    int stateSchedules = 10_000;

    @Option(names = "--modes", split = ",", paramLabel = "MODE", description = "With --compare: the modes to run, "
        + "random and/or guided (default: both; one alone is for experiments: the other's columns read 0, no goals).")
    List<String> modes = new ArrayList<>(List.of("random", "guided"));

    @Override
    public Integer call() throws Exception {
      dev.raftsim.spi.RaftImplementation hosted = impl.resolve();
      boolean own = hosted.name().equals(dev.raftsim.spi.Implementations.DEFAULT);
      // Another implementation's hunt goes through its declared options; raftsim's through its planted bugs.
      List<String> bugs = own
          ? (names.isEmpty() ? Arrays.stream(PlantedBug.values()).map(PlantedBug::cliName).toList()
              : ClusterOptions.parseBugs(names).stream().map(PlantedBug::cliName).toList())
          : List.copyOf(ImplOptions.validOptions(hosted, names.isEmpty() ? ImplOptions.optionNames(hosted) : names));
      if (bugs.isEmpty()) {
        throw new BadInputException("implementation '" + hosted.name() + "' declares no options to hunt");
      }
      long budgetMillis = Durations.parseMicros(budget) / 1000;
      int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      if (t < 1) {
        throw new BadInputException("--threads must be >= 1");
      }
      if (compare) {
        if (seeds < 1 || cap < 1 || stateSchedules < 0) {
          throw new BadInputException("--seeds and --cap must be >= 1 and --state-schedules >= 0");
        }
        if (!own) {
          throw new BadInputException("--compare hunts raftsim's planted bugs only (not --impl " + hosted.name() + ")");
        }
        boolean[] run = new boolean[2];
        for (String m : modes) {
          switch (m) {
            case "random" -> run[0] = true;
            case "guided" -> run[1] = true;
            default -> throw new BadInputException("--modes takes random and/or guided, not '" + m + "'");
          }
        }
        Map<String, Object> result = new GuidedComparison(seed, seeds, cap, stateSchedules, t, System.err, run)
            .run(bugs.stream().map(b -> PlantedBug.fromCliName(b).get()).toList());
        GuidedComparison.printTable(result, System.out);
        if (json) {
          System.out.println(JsonOut.line(result));
        }
        return Main.OK;
      }
      Path root = out != null ? out : Path.of("raftsim-out", "hunt-" + java.time.LocalDateTime.now().format(
          java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
      try {
        Files.createDirectories(root);
      } catch (java.io.IOException e) {
        throw new BadInputException("cannot create output folder " + root + ": " + e.getMessage());
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String bug : bugs) {
        rows.add(hunt(bug, own, hosted.name(), root, budgetMillis, t));
        Map<String, Object> r = rows.get(rows.size() - 1);
        System.err.printf(Locale.ROOT, "%-26s %s%n", bug, Boolean.TRUE.equals(r.get("detected"))
            ? "caught after " + r.get("schedules") + " schedules, " + r.get("millis") + " ms: " + r.get("invariant")
            : "not caught within the budget");
      }
      printTable(rows);
      System.err.println("counterexamples and reports: " + root + "/<bug>/failure-<schedule>.json, .report.html");
      long detected = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("detected"))).count();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bugs", rows);
        m.put("detected", detected);
        m.put("total", rows.size());
        m.put("seed", seed);
        System.out.println(JsonOut.line(m));
      }
      return Main.OK;
    }

    /**
     * The scoreboard measures how small shrinking gets, so its shrinks are bounded by attempts alone (deterministic);
     * the wall-clock cap is only a far safety net, which a busy machine would otherwise reach first.
     */
    static final Shrinker.Budget HUNT_SHRINK = new Shrinker.Budget(Shrinker.Budget.DEFAULT.maxAttempts(), 600_000);

    private Map<String, Object> hunt(String bug, boolean own, String implName, Path root, long budgetMillis, int t)
        throws Exception {
      ClusterConfig cluster = own ? huntCluster(PlantedBug.fromCliName(bug).get()) : ClusterConfig.defaults();
      dev.raftsim.scenarios.ImplChoice choice = own ? dev.raftsim.scenarios.ImplChoice.RAFTSIM
          : new dev.raftsim.scenarios.ImplChoice(implName, java.util.Set.of(bug));
      CampaignConfig config = new CampaignConfig(seed, 1_000_000, t, 0, 1, cluster, FaultProfile.SWARM, 10_000_000,
          root.resolve(bug), 1, true, HUNT_SHRINK, choice);
      long start = System.nanoTime();
      long[] foundAt = {-1};
      Object[] found = new Object[3];
      Campaign[] campaign = new Campaign[1];
      campaign[0] = new Campaign(config, new Campaign.Listener() {
        @Override
        public void progress(long done, long total, long failures) {
          if (failures == 0 && (System.nanoTime() - start) / 1_000_000 > budgetMillis) {
            campaign[0].requestStop();
          }
        }

        @Override
        public synchronized void failure(Campaign.FailureRecord record, RunResult original, RunResult shrunk) {
          if (foundAt[0] < 0) {
            foundAt[0] = (System.nanoTime() - start) / 1_000_000;
          }
          // Workers may report out of order: the campaign's answer is the lowest-index failure.
          Campaign.FailureRecord held = (Campaign.FailureRecord) found[0];
          if (held == null || record.index() <= held.index()) {
            found[0] = record;
            found[1] = original;
            found[2] = shrunk;
          }
        }
      });
      Map<String, Object> summary = campaign[0].run();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", bug);
      boolean detected = ((Number) summary.get("failures")).longValue() > 0 && found[0] != null;
      row.put("detected", detected);
      if (detected) {
        Campaign.FailureRecord f = (Campaign.FailureRecord) found[0];
        RunResult shrunk = (RunResult) found[2];
        row.put("schedules", f.index() + 1);
        row.put("millis", foundAt[0]);
        row.put("invariant", f.invariant());
        row.put("events", f.found() != null ? f.found().events() : f.events());
        row.put("shrunkEvents", shrunk == null ? f.events() : shrunk.events());
        Path file = config.outDir().resolve(f.file());
        row.put("counterexample", file.toString());
        Path report = dev.raftsim.scenarios.FailureReports.writeFor(file);
        row.put("report", report == null ? null : report.toString());
      } else {
        row.put("schedules", summary.get("schedules"));
        row.put("millis", summary.get("wallMillis"));
        row.put("invariant", null);
        row.put("events", null);
        row.put("shrunkEvents", null);
      }
      long hand = own ? handMinimalEvents(PlantedBug.fromCliName(bug).get()) : -1;
      row.put("handMinimalEvents", hand < 0 ? null : hand);
      row.put("shrunkVsHand", hand <= 0 || !detected ? null
          : Math.round(((Number) row.get("shrunkEvents")).doubleValue() / hand * 100) / 100.0);
      return row;
    }

    /**
     * The hunt's base cluster for a planted bug: the defaults, with the knobs that a membership bug needs to be
     * reachable set instead of drawn (swarm keeps a base's spares and reconfiguration client): a spare and a busy
     * single-server reconfiguration client for the 2015 bug, a transfer-heavy one for the lease bug.
     */
    static ClusterConfig huntCluster(PlantedBug bug) {
      ClusterConfig c = ClusterConfig.defaults().withBugs(EnumSet.of(bug));
      switch (bug) {
        case SINGLE_SERVER_CHANGE_BEFORE_COMMIT:
          return c.withSpares(1).withReconfig(new dev.raftsim.scenarios.ReconfigKnobs(5,
              dev.raftsim.scenarios.ReconfigKnobs.Mix.SINGLE, 50));
        default:
          return c;
      }
    }

    /** Events to the violation in the smallest catalogue scenario written by hand to catch this bug; -1 if none. */
    static long handMinimalEvents(PlantedBug bug) {
      long best = -1;
      for (Scenario s : Catalogue.all()) {
        if (!s.catches().contains(bug)) {
          continue;
        }
        ScenarioResult r = ScenarioRunner.run(s, EnumSet.of(bug));
        if (r.violation() != null && (best < 0 || r.run().events() < best)) {
          best = r.run().events();
        }
      }
      return best;
    }

    private static void printTable(List<Map<String, Object>> rows) {
      System.out.printf(Locale.ROOT, "%-26s %-8s %9s %9s  %-22s %8s %8s %8s %6s%n", "bug", "detected", "schedules",
          "wall ms", "invariant", "events", "shrunk", "by hand", "ratio");
      for (Map<String, Object> r : rows) {
        System.out.printf(Locale.ROOT, "%-26s %-8s %9s %9s  %-22s %8s %8s %8s %6s%n", r.get("name"),
            Boolean.TRUE.equals(r.get("detected")) ? "yes" : "NO", r.get("schedules"), r.get("millis"),
            r.get("invariant") == null ? "-" : r.get("invariant"), dash(r.get("events")), dash(r.get("shrunkEvents")),
            dash(r.get("handMinimalEvents")), dash(r.get("shrunkVsHand")));
      }
    }

    private static String dash(Object o) {
      return o == null ? "-" : o.toString();
    }
  }
}
