package dev.raftsim.reports;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's coverage, for {@link CampaignIndex}: points hit (name to hits, in declaration order), points never
 * hit, {@code sometimes} points never hit in a long campaign (test-suite bugs), distinct abstract states, and their
 * growth as (schedules, distinct states) pairs.
 */
public record CoverageData(int points, Map<String, Long> pointsHit, List<String> pointsNeverHit,
    List<String> testSuiteBugs, long abstractStates, List<long[]> growth) {
  public CoverageData {
    pointsHit = Collections.unmodifiableMap(new LinkedHashMap<>(pointsHit));
    pointsNeverHit = List.copyOf(pointsNeverHit);
    testSuiteBugs = List.copyOf(testSuiteBugs);
    growth = List.copyOf(growth);
  }

  /** Reads the {@code coverage} object of a summary.json (as parsed into maps and lists); null when absent. */
  @SuppressWarnings("unchecked")
  public static CoverageData fromSummary(Object coverage) {
    if (!(coverage instanceof Map<?, ?> m)) {
      return null;
    }
    Map<String, Long> hit = new LinkedHashMap<>();
    if (m.get("pointsHit") instanceof Map<?, ?> ph) {
      ph.forEach((k, v) -> hit.put(String.valueOf(k), ((Number) v).longValue()));
    }
    List<String> never = m.get("pointsNeverHit") instanceof List<?> l ? (List<String>) l : List.of();
    List<String> bugs = m.get("testSuiteBugs") instanceof List<?> l ? (List<String>) l : List.of();
    List<long[]> growth = new java.util.ArrayList<>();
    if (m.get("growth") instanceof List<?> g) {
      for (Object o : g) {
        List<?> pair = (List<?>) o;
        growth.add(new long[] {((Number) pair.get(0)).longValue(), ((Number) pair.get(1)).longValue()});
      }
    }
    int points = m.get("points") instanceof Number n ? n.intValue() : hit.size() + never.size();
    long states = m.get("abstractStates") instanceof Number n ? n.longValue() : 0;
    return new CoverageData(points, hit, never, bugs, states, growth);
  }
}
