package dev.raftsim.cli;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.CampaignConfig;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.Shrinker;
import dev.raftsim.sim.FaultProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bugs hunt --compare}: random against guided campaigns. For every planted bug and each of several campaign
 * seeds, both modes run the default campaign (swarm, 5 nodes, 10 s schedules, no shrinking) until the first
 * violation or a cap; the table shows the median schedules and wall time to the first detection. Then both modes
 * run a long campaign on the correct model and count the distinct abstract states reached. A campaign that hits
 * the cap counts as the cap (so medians are lower bounds where the cap is reached).
 */
final class GuidedComparison {
  private final long firstSeed;
  private final int seeds;
  private final int cap;
  private final int stateSchedules;
  private final int threads;
  private final PrintStream err;
  /** Which modes run: [random, guided]. A mode left out reports 0 schedules and is for experiments only. */
  private final boolean[] modes;

  GuidedComparison(int seeds, int cap, int stateSchedules, int threads, PrintStream err) {
    this(1, seeds, cap, stateSchedules, threads, err, new boolean[] {true, true});
  }

  /** Campaign seeds {@code firstSeed} to {@code firstSeed + seeds - 1} for each bug and mode. */
  GuidedComparison(long firstSeed, int seeds, int cap, int stateSchedules, int threads, PrintStream err,
      boolean[] modes) {
    this.firstSeed = firstSeed;
    this.modes = modes.clone();
    this.seeds = seeds;
    this.cap = cap;
    this.stateSchedules = stateSchedules;
    this.threads = threads;
    this.err = err;
  }

  /** One campaign: schedules to the first failure (cap when none), wall ms to it, abstract states. */
  record Outcome(long schedules, boolean detected, long millis, long states) {}

  Map<String, Object> run(List<PlantedBug> bugs) throws IOException {
    Path root = Files.createTempDirectory("raftsim-compare-");
    try {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (PlantedBug bug : bugs) {
        long[][] sched = new long[2][seeds];
        long[][] millis = new long[2][seeds];
        int[] detected = new int[2];
        for (int s = 0; s < seeds; s++) {
          for (int mode = 0; mode < 2; mode++) {
            if (!modes[mode]) {
              continue;
            }
            Outcome o = campaign(root, EnumSet.of(bug), firstSeed + s, mode == 1, cap, 1);
            sched[mode][s] = o.schedules();
            millis[mode][s] = o.millis();
            detected[mode] += o.detected() ? 1 : 0;
          }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", bug.cliName());
        row.put("randomMedianSchedules", median(sched[0]));
        row.put("guidedMedianSchedules", median(sched[1]));
        row.put("randomMedianMillis", median(millis[0]));
        row.put("guidedMedianMillis", median(millis[1]));
        row.put("randomDetected", detected[0]);
        row.put("guidedDetected", detected[1]);
        row.put("randomSchedules", sched[0]);
        row.put("guidedSchedules", sched[1]);
        double ratio = median(sched[0]) / Math.max(1.0, median(sched[1]));
        row.put("scheduleRatio", Math.round(ratio * 100) / 100.0);
        rows.add(row);
        err.printf(Locale.ROOT, "%-26s random %7.1f schedules (%d/%d found), guided %7.1f (%d/%d): %.2fx%n",
            bug.cliName(), median(sched[0]), detected[0], seeds, median(sched[1]), detected[1], seeds, ratio);
      }
      Map<String, Object> states = new LinkedHashMap<>();
      if (stateSchedules > 0) {
        err.printf(Locale.ROOT, "abstract states after %d schedules on the correct model, random and guided...%n",
            stateSchedules);
        Outcome none = new Outcome(0, false, 0, 0);
        Outcome random = modes[0] ? campaign(root, EnumSet.noneOf(PlantedBug.class), firstSeed, false, stateSchedules, 0) : none;
        Outcome guided = modes[1] ? campaign(root, EnumSet.noneOf(PlantedBug.class), firstSeed, true, stateSchedules, 0) : none;
        states.put("schedules", stateSchedules);
        states.put("random", random.states());
        states.put("guided", guided.states());
        states.put("ratio", Math.round(guided.states() * 100.0 / Math.max(1, random.states())) / 100.0);
        states.put("randomMillis", random.millis());
        states.put("guidedMillis", guided.millis());
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bugs", rows);
      m.put("abstractStates", states);
      m.put("firstSeed", firstSeed);
      m.put("seeds", seeds);
      m.put("capSchedules", cap);
      // Goals compare the modes: with one left out there is nothing to compare.
      m.put("goals", modes[0] && modes[1] ? goals(rows, states) : new LinkedHashMap<String, Object>());
      return m;
    } finally {
      deleteTree(root);
    }
  }

  private Outcome campaign(Path root, EnumSet<PlantedBug> bugs, long seed, boolean guided, int schedules,
      int maxFailures) throws IOException {
    ClusterConfig cluster = ClusterConfig.defaults().withBugs(bugs);
    Path out = Files.createTempDirectory(root, "c");
    CampaignConfig config = new CampaignConfig(seed, schedules, threads, 0, 1, cluster, FaultProfile.SWARM,
        10_000_000, out, maxFailures, false, Shrinker.Budget.DEFAULT, guided);
    long start = System.nanoTime();
    long[] firstAt = {-1};
    Campaign campaign = new Campaign(config, new Campaign.Listener() {
      @Override
      public synchronized void failure(Campaign.FailureRecord record, RunResult original, RunResult shrunk) {
        if (firstAt[0] < 0) {
          firstAt[0] = (System.nanoTime() - start) / 1_000_000;
        }
      }
    });
    Map<String, Object> summary = campaign.run();
    deleteTree(out);
    Object first = summary.get("firstFailingIndex");
    long wall = ((Number) summary.get("wallMillis")).longValue();
    @SuppressWarnings("unchecked")
    Map<String, Object> cov = (Map<String, Object>) summary.get("coverage");
    long states = ((Number) cov.get("abstractStates")).longValue();
    if (first == null) {
      return new Outcome(schedules, false, wall, states);
    }
    return new Outcome(((Number) first).longValue() + 1, true, firstAt[0] < 0 ? wall : firstAt[0], states);
  }

  private static Map<String, Object> goals(List<Map<String, Object>> rows, Map<String, Object> states) {
    List<Map<String, Object>> bySlowest = new ArrayList<>(rows);
    bySlowest.sort((a, b) -> Double.compare((double) b.get("randomMedianSchedules"),
        (double) a.get("randomMedianSchedules")));
    double[] slowGains = new double[Math.min(3, bySlowest.size())];
    List<String> slowest = new ArrayList<>();
    for (int i = 0; i < slowGains.length; i++) {
      Map<String, Object> r = bySlowest.get(i);
      slowest.add((String) r.get("name"));
      slowGains[i] = (double) r.get("randomMedianSchedules") / Math.max(1.0, (double) r.get("guidedMedianSchedules"));
    }
    double worst = Double.POSITIVE_INFINITY;
    String worstBug = null;
    for (Map<String, Object> r : rows) {
      double g = (double) r.get("randomMedianSchedules") / Math.max(1.0, (double) r.get("guidedMedianSchedules"));
      if (g < worst) {
        worst = g;
        worstBug = (String) r.get("name");
      }
    }
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("slowestThree", slowest);
    double slowGain = slowGains.length == 0 ? 0 : median(slowGains);
    g.put("slowestThreeMedianGain", Math.round(slowGain * 100) / 100.0);
    g.put("slowestThreeGoalMet", slowGain >= 3);
    g.put("worstGain", Math.round(worst * 100) / 100.0);
    g.put("worstGainBug", worstBug);
    g.put("noBugWorseThan1.2xGoalMet", worst >= 1 / 1.2);
    Object ratio = states.get("ratio");
    g.put("abstractStatesGoalMet", ratio instanceof Number n && n.doubleValue() >= 2);
    return g;
  }

  static double median(long[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return median(d);
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return 0;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  static void printTable(Map<String, Object> result, PrintStream out) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) result.get("bugs");
    out.printf(Locale.ROOT, "%-26s %14s %14s %10s %10s %8s %8s%n", "bug", "random sched", "guided sched",
        "random ms", "guided ms", "found", "gain");
    for (Map<String, Object> r : rows) {
      out.printf(Locale.ROOT, "%-26s %14.1f %14.1f %10.0f %10.0f %8s %7.2fx%n", r.get("name"),
          r.get("randomMedianSchedules"), r.get("guidedMedianSchedules"), r.get("randomMedianMillis"),
          r.get("guidedMedianMillis"), r.get("randomDetected") + "/" + r.get("guidedDetected"),
          r.get("scheduleRatio"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> st = (Map<String, Object>) result.get("abstractStates");
    if (st != null && !st.isEmpty()) {
      out.printf(Locale.ROOT, "abstract states after %s schedules: random %s, guided %s (%sx)%n", st.get("schedules"),
          st.get("random"), st.get("guided"), st.get("ratio"));
    }
    out.println("goals: " + result.get("goals"));
  }

  static void deleteTree(Path p) {
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp folder
    }
  }
}
