package dev.raftsim.scenarios.coverage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coverage of a campaign: runs are folded in schedule-index order (so every figure is independent of thread
 * count), point hits are summed, abstract states are unioned, and each state remembers the first schedule that
 * reached it, which is the growth curve. The states go to a side file ({@link #STATES_FILE}) so that shards can
 * be unioned by {@code merge} and campaigns compared by {@code raftsim coverage}.
 */
public final class CampaignCoverage {
  public static final String STATES_FILE = "coverage-states.txt";
  /** Campaigns at least this long flag a {@code sometimes} point they never hit as a test-suite bug. */
  public static final long LONG_CAMPAIGN = 1_000;
  private static final int CURVE_POINTS = 40;

  private final long[] hits = new long[RunCoverage.POINTS];
  /** For each point, the log2 buckets of per-run hit counts seen so far (AFL's hit-count buckets). */
  private final long[] buckets = new long[RunCoverage.POINTS];
  private final LongHashSet states = new LongHashSet(4096);
  // First-seen schedule index of each state, in order of discovery (indexes never decrease within one fold order).
  private long[] firstSeenIndex = new long[1024];
  private long[] firstSeenState = new long[1024];
  private long schedules;
  private long lastIndex = -1;

  /** What a folded run added: new abstract states and new point hit-count buckets (0 for a new point). */
  public record Novelty(int newStates, int newBuckets, int newPoints) {
    public boolean any() {
      return newStates > 0 || newBuckets > 0 || newPoints > 0;
    }
  }

  /** Folds the run of schedule {@code index}; call in increasing index order. */
  public Novelty add(long index, RunCoverage run) {
    schedules++;
    lastIndex = Math.max(lastIndex, index);
    int newPoints = 0;
    int newBuckets = 0;
    for (int p = 0; p < RunCoverage.POINTS; p++) {
      int h = run.hits(p);
      if (h == 0) {
        continue;
      }
      if (hits[p] == 0) {
        newPoints++;
      }
      hits[p] += h;
      long bit = 1L << Math.min(31, 31 - Integer.numberOfLeadingZeros(h));
      if ((buckets[p] & bit) == 0) {
        buckets[p] |= bit;
        newBuckets++;
      }
    }
    int newStates = 0;
    for (long s : run.states()) {
      if (states.add(s)) {
        record(index, s);
        newStates++;
      }
    }
    return new Novelty(newStates, newBuckets, newPoints);
  }

  private void record(long index, long state) {
    int k = states.size() - 1;
    if (k == firstSeenIndex.length) {
      firstSeenIndex = Arrays.copyOf(firstSeenIndex, k * 2);
      firstSeenState = Arrays.copyOf(firstSeenState, k * 2);
    }
    firstSeenIndex[k] = index;
    firstSeenState[k] = state;
  }

  public int abstractStates() {
    return states.size();
  }

  public long hits(int point) {
    return hits[point];
  }

  /** The {@code coverage} object of summary.json. */
  public Map<String, Object> toJson() {
    return toJson(hits, states.size(), curve(firstSeenIndex, states.size(), lastIndex + 1), schedules);
  }

  static Map<String, Object> toJson(long[] hits, int states, List<long[]> curve, long schedules) {
    Map<String, Object> hit = new LinkedHashMap<>();
    List<String> never = new ArrayList<>();
    List<String> sometimesNever = new ArrayList<>();
    for (int p = 0; p < RunCoverage.POINTS; p++) {
      if (hits[p] > 0) {
        hit.put(RunCoverage.pointName(p), hits[p]);
      } else {
        never.add(RunCoverage.pointName(p));
        if (RunCoverage.sometimes(p)) {
          sometimesNever.add(RunCoverage.pointName(p));
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("points", RunCoverage.POINTS);
    m.put("pointsHitCount", hit.size());
    m.put("pointsHit", hit);
    m.put("pointsNeverHit", never);
    m.put("sometimesNeverHit", sometimesNever);
    List<String> suiteBugs = new ArrayList<>();
    if (schedules >= LONG_CAMPAIGN) {
      for (String name : sometimesNever) {
        suiteBugs.add("test-suite bug: 'sometimes' point " + name + " was never hit in " + schedules
            + " schedules; no schedule reaches that branch");
      }
    }
    m.put("testSuiteBugs", suiteBugs);
    m.put("abstractStates", states);
    List<List<Long>> growth = new ArrayList<>();
    for (long[] c : curve) {
      growth.add(List.of(c[0], c[1]));
    }
    m.put("growth", growth);
    return m;
  }

  /**
   * The growth curve: (schedules, distinct states) pairs, x the schedule index + 1 of the campaign, about
   * {@value #CURVE_POINTS} of them plus the end. {@code firstSeen} holds the first-seen index of each of
   * {@code n} states, in any order.
   */
  static List<long[]> curve(long[] firstSeen, int n, long end) {
    long[] sorted = Arrays.copyOf(firstSeen, n);
    Arrays.sort(sorted);
    List<long[]> out = new ArrayList<>();
    if (end <= 0) {
      return out;
    }
    long step = Math.max(1, (end + CURVE_POINTS - 1) / CURVE_POINTS);
    int k = 0;
    for (long x = step; ; x = Math.min(end, x + step)) {
      while (k < n && sorted[k] < x) {
        k++;
      }
      out.add(new long[] {x, k});
      if (x >= end) {
        break;
      }
    }
    return out;
  }

  /** Writes the states with their first-seen schedule index ("index hex" lines, by index), atomically. */
  public void writeStates(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder(states.size() * 24);
    for (int k = 0; k < states.size(); k++) {
      sb.append(firstSeenIndex[k]).append(' ').append(Long.toHexString(firstSeenState[k])).append('\n');
    }
    Path tmp = Files.createTempFile(dir, ".states-", ".tmp");
    Files.writeString(tmp, sb, StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(STATES_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Union of campaigns (shards, or campaigns to compare): states with their earliest first-seen index. */
  public static final class Union {
    private final Map<Long, Long> firstSeen = new java.util.HashMap<>();
    private final long[] hits = new long[RunCoverage.POINTS];
    private long schedules;
    private long end;

    /** Adds one campaign folder's coverage: summary's {@code coverage.pointsHit} and its states file. */
    public void add(Path dir, Map<String, Object> coverage, long campaignSchedules, long campaignEnd)
        throws IOException {
      Object ph = coverage.get("pointsHit");
      if (!(ph instanceof Map<?, ?> pointsHit)) {
        throw new IOException(dir + ": summary.json has no coverage.pointsHit");
      }
      for (int p = 0; p < RunCoverage.POINTS; p++) {
        Object v = pointsHit.get(RunCoverage.pointName(p));
        if (v instanceof Number num) {
          hits[p] += num.longValue();
        }
      }
      schedules += campaignSchedules;
      end = Math.max(end, campaignEnd);
      Path file = dir.resolve(STATES_FILE);
      if (!Files.isRegularFile(file)) {
        throw new IOException(dir + " has no " + STATES_FILE);
      }
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          int sp = line.indexOf(' ');
          try {
            long index = Long.parseLong(line.substring(0, sp));
            long state = Long.parseUnsignedLong(line.substring(sp + 1).trim(), 16);
            firstSeen.merge(state, index, Math::min);
          } catch (RuntimeException e) {
            throw new IOException(file + " line " + n + " is not 'index hex-state': " + line);
          }
        }
      }
    }

    public int states() {
      return firstSeen.size();
    }

    public java.util.Set<Long> stateSet() {
      return firstSeen.keySet();
    }

    public Map<String, Object> toJson() {
      long[] idx = new long[firstSeen.size()];
      int k = 0;
      for (long v : firstSeen.values()) {
        idx[k++] = v;
      }
      return CampaignCoverage.toJson(hits, firstSeen.size(), curve(idx, idx.length, end), schedules);
    }

    /** Writes the union's states file into {@code dir}. */
    public void writeStates(Path dir) throws IOException {
      List<Map.Entry<Long, Long>> entries = new ArrayList<>(firstSeen.entrySet());
      entries.sort(Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<Long, Long> e : entries) {
        sb.append(e.getValue()).append(' ').append(Long.toHexString(e.getKey())).append('\n');
      }
      Path tmp = Files.createTempFile(dir, ".states-", ".tmp");
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(STATES_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** The names of every point, model points first. */
  public static List<String> pointNames() {
    List<String> names = new ArrayList<>();
    for (int p = 0; p < RunCoverage.POINTS; p++) {
      names.add(RunCoverage.pointName(p));
    }
    return names;
  }
}
