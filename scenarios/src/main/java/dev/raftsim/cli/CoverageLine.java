package dev.raftsim.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console's one line about a campaign's coverage, and the compact form the --json line carries. */
final class CoverageLine {
  private CoverageLine() {}

  @SuppressWarnings("unchecked")
  static String of(Map<String, Object> summary) {
    Object c = summary.get("coverage");
    if (!(c instanceof Map<?, ?>)) {
      return "coverage: not recorded";
    }
    Map<String, Object> cov = (Map<String, Object>) c;
    List<Object> never = (List<Object>) cov.get("pointsNeverHit");
    List<Object> suite = (List<Object>) cov.get("testSuiteBugs");
    return String.format(Locale.ROOT, "coverage: %d of %d points hit, %d abstract states%s%s",
        ((Map<?, ?>) cov.get("pointsHit")).size(), ((Number) cov.get("points")).intValue(),
        ((Number) cov.get("abstractStates")).longValue(),
        never.isEmpty() ? "" : ", never hit: " + (never.size() <= 4 ? String.join(", ", strings(never))
            : String.join(", ", strings(never.subList(0, 4))) + " and " + (never.size() - 4) + " more"),
        suite == null || suite.isEmpty() ? "" : " (" + suite.size() + " sometimes points never hit: test-suite bugs)");
  }

  /** The coverage object without the growth curve. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> compact(Map<String, Object> summary) {
    Object c = summary.get("coverage");
    if (!(c instanceof Map<?, ?>)) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) c);
    m.remove("growth");
    return m;
  }

  private static List<String> strings(List<Object> l) {
    return l.stream().map(String::valueOf).toList();
  }
}
