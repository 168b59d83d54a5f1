package dev.raftsim.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures of one bench run: a flat map (the JSON object) plus the goals each is judged against. */
public final class BenchReport {
  /** A performance goal: the figure, its bound, and which side of the bound is good. */
  public record Goal(String field, double bound, boolean atLeast) {
    public boolean met(double value) {
      return atLeast ? value >= bound : value <= bound;
    }

    public String describe() {
      return (atLeast ? ">= " : "<= ") + trim(bound);
    }
  }

  private final Map<String, Object> fields;
  private final String largeLogField;

  BenchReport(Map<String, Object> measured, int largeLog) {
    this.largeLogField = "checkCostPerEventNanosAtLog" + largeLog;
    this.fields = new LinkedHashMap<>(measured);
    Map<String, Object> goals = new LinkedHashMap<>();
    for (Goal g : goals()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("goal", g.describe());
      one.put("met", g.met(number(g.field())));
      goals.put(g.field(), one);
    }
    // details last, goals just before them
    Object details = fields.remove("details");
    fields.put("goals", goals);
    fields.put("details", details);
  }

  public static java.util.List<Goal> goals() {
    return java.util.List.of(
        new Goal("kernelVsBareLoop", 0.5, true),
        new Goal("checksOnOffRatio", 1.3, false),
        new Goal("checkedVsBareLoop", 0.18, true),
        new Goal("checkedEventsPerSecond", 2_500_000, true),
        new Goal("checksOnOffRatioCpu", 1.3, false),
        new Goal("checkedEventsPerCpuSecond", 2_500_000, true),
        new Goal("simulatedSpeedup", 10_000, true),
        new Goal("fuzzScaling2Threads", 1.8, true),
        new Goal("swarmKnobsOnOffRatio", 0.8, true),
        new Goal("checkCostRatio", 1.5, false));
  }

  /** The JSON object's fields, in print order. */
  public Map<String, Object> fields() {
    return fields;
  }

  public double number(String field) {
    Object v = fields.get(field);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("no numeric field " + field);
    }
    return n.doubleValue();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> detail(String field) {
    Object d = ((Map<String, Object>) fields.get("details")).get(field);
    return d instanceof Map ? (Map<String, Object>) d : null;
  }

  /** The human table. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-38s %12s  %-22s %-16s %s%n", "figure", "median", "min..max", "goal",
        "what"));
    row(sb, "bareLoopEventsPerSecond", "events/s, 64 pending", 1e6, "M");
    row(sb, "bareLoopEventsPerSecondAt4096Pending", "events/s, 4,096 pending", 1e6, "M");
    row(sb, "kernelEventsPerSecond", "ping-pong on the kernel", 1e6, "M");
    row(sb, "kernelVsBareLoop", "", 1, "");
    row(sb, "uncheckedEventsPerSecond", "5 nodes, default faults", 1e6, "M");
    row(sb, "checkedEventsPerSecond", "every checker on", 1e6, "M");
    row(sb, "checksOnOffRatio", "checked / unchecked time", 1, "");
    row(sb, "checkedVsBareLoop", "", 1, "");
    row(sb, "uncheckedEventsPerCpuSecond", "the same in thread CPU time", 1e6, "M");
    row(sb, "checkedEventsPerCpuSecond", "", 1e6, "M");
    row(sb, "checksOnOffRatioCpu", "", 1, "");
    row(sb, "abstractStateCostPerEventNanos", "ns of thread CPU, abstract-state coverage", 1, "");
    row(sb, "abstractStateOnOffRatioCpu", "checked run, coverage on / off", 1, "");
    row(sb, "simulatedSpeedup", "simulated / wall, checked", 1, "x");
    row(sb, "checkCostPerEventNanosAtLog100", "ns", 1, "");
    row(sb, largeLogField, "ns", 1, "");
    row(sb, "checkCostRatio", "long log / short log", 1, "");
    row(sb, "swarmKnobsOnEventsPerSecond", "swarm, reads/PreVote/CheckQuorum as drawn", 1e6, "M");
    row(sb, "swarmKnobsOffEventsPerSecond", "the same schedules, Figure 2 only", 1e6, "M");
    row(sb, "swarmKnobsOnOffRatio", "", 1, "");
    row(sb, "fuzzSchedulesPerSecond1Thread", "10 s swarm schedules", 1, "");
    row(sb, "fuzzSchedulesPerSecond2Threads", "", 1, "");
    row(sb, "fuzzScaling2Threads", "", 1, "");
    row(sb, "fuzzCoresBusy2Threads", "CPU time / wall time, 2 threads", 1, "");
    boolean measured = Boolean.TRUE.equals(fields.get("fuzz10kSchedulesMeasured"));
    sb.append(String.format(Locale.ROOT, "%-38s %12s  %s%n", "fuzz10kSchedulesWallSeconds",
        trim(number("fuzz10kSchedulesWallSeconds")) + " s",
        measured ? "measured: 10,000 x 10 s x 5 nodes, 2 threads"
            : "extrapolated from the 2-thread rate (--full-campaign runs it)"));
    sb.append(String.format(Locale.ROOT, "cores %s, load average %.1f before / %.1f after, bench took %.0f s%n",
        fields.get("cores"), number("loadAverageBefore"), number("loadAverageAfter"), number("benchWallSeconds")));
    return sb.toString();
  }

  private void row(StringBuilder sb, String field, String note, double unit, String suffix) {
    double v = number(field);
    Map<String, Object> d = detail(field);
    String spread = d == null ? "" : String.format(Locale.ROOT, "%s..%s", trim(((Number) d.get("min")).doubleValue()
        / unit) + suffix, trim(((Number) d.get("max")).doubleValue() / unit) + suffix);
    String goal = "";
    for (Goal g : goals()) {
      if (g.field().equals(field)) {
        goal = g.describe() + (g.met(v) ? " ok" : " MISSED");
      }
    }
    sb.append(String.format(Locale.ROOT, "%-38s %12s  %-22s %-16s %s%n", field, trim(v / unit) + suffix, spread,
        goal, note));
  }

  static String trim(double v) {
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
