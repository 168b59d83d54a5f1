package dev.raftsim.raft;

/**
 * Optional for a node implementation (and its clients): it counts its own protocol coverage points into a
 * counter array the host owns. An implementation that does not implement this reports no points. The hot path
 * costs one array increment per point hit; nothing is allocated and no names are looked up.
 */
public interface CoverageReporting {
  /**
   * From now on, count each hit of point {@code p} as {@code counters[p]++}; {@code null} stops counting. The array
   * is the host's, long enough for every point the implementation declares, and only touched on the
   * simulation's thread.
   */
  void countCoverageInto(int[] counters);
}
