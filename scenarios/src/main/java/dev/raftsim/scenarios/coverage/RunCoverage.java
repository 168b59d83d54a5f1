package dev.raftsim.scenarios.coverage;

import dev.raftsim.raft.CoveragePoint;

/**
 * The coverage one run reached: hit counts of the model's points (by {@link CoveragePoint} ordinal) and of the
 * host's (by {@link HostPoint} ordinal), when each host point was first hit (virtual microseconds, -1: never) and
 * the node that hit was about (-1: none), and the distinct abstract states, sorted.
 */
public record RunCoverage(int[] modelHits, int[] hostHits, long[] hostFirstMicros, int[] hostFirstNode, long[] states) {
  public RunCoverage {
    if (modelHits.length != CoveragePoint.COUNT || hostHits.length != HostPoint.COUNT
        || hostFirstMicros.length != HostPoint.COUNT || hostFirstNode.length != HostPoint.COUNT) {
      throw new IllegalArgumentException("coverage counters of the wrong length");
    }
  }

  /** Coverage whose host points name no node at their first hit. */
  public RunCoverage(int[] modelHits, int[] hostHits, long[] hostFirstMicros, long[] states) {
    this(modelHits, hostHits, hostFirstMicros, noNodes(), states);
  }

  private static int[] noNodes() {
    int[] none = new int[HostPoint.COUNT];
    java.util.Arrays.fill(none, -1);
    return none;
  }

  /** Total number of points: model points first, then host points (the index space of {@link #hits(int)}). */
  public static final int POINTS = CoveragePoint.COUNT + HostPoint.COUNT;

  public int hits(int point) {
    return point < CoveragePoint.COUNT ? modelHits[point] : hostHits[point - CoveragePoint.COUNT];
  }

  /** When a point was first hit in this run (virtual microseconds); -1 when never, and for the model's points. */
  public long firstHitMicros(int point) {
    return point < CoveragePoint.COUNT ? -1 : hostFirstMicros[point - CoveragePoint.COUNT];
  }

  /** The node a point's first hit was about (for a stale read, the server that answered it); -1 when none. */
  public int firstHitNode(int point) {
    return point < CoveragePoint.COUNT ? -1 : hostFirstNode[point - CoveragePoint.COUNT];
  }

  /** {@link HostPoint#nudge()}; {@link HostPoint.Nudge#NONE} for the model's points. */
  public static HostPoint.Nudge nudge(int point) {
    return point < CoveragePoint.COUNT ? HostPoint.Nudge.NONE : HostPoint.values()[point - CoveragePoint.COUNT].nudge();
  }

  public static String pointName(int point) {
    return point < CoveragePoint.COUNT ? CoveragePoint.values()[point].pointName()
        : HostPoint.values()[point - CoveragePoint.COUNT].pointName();
  }

  public static boolean sometimes(int point) {
    return point < CoveragePoint.COUNT ? CoveragePoint.values()[point].sometimes()
        : HostPoint.values()[point - CoveragePoint.COUNT].sometimes();
  }

  /** Whether a point is a near miss ({@link HostPoint#nearMiss()}); the model's own points are not. */
  public static boolean nearMiss(int point) {
    return point >= CoveragePoint.COUNT && HostPoint.values()[point - CoveragePoint.COUNT].nearMiss();
  }
}
