package dev.raftsim.scenarios.coverage;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.raft.CoveragePoint;
import dev.raftsim.sim.Fault;

/**
 * Collects one run's coverage on the simulation's thread: the counter array the model's nodes and clients count
 * into, the host's counters, and the set of abstract states seen after events. The host calls
 * {@link #afterEvent} after each event that may have changed a server and {@link #fault} for each fault.
 */
public final class CoverageTracker {
  private final int[] modelHits = new int[CoveragePoint.COUNT];
  private final int[] hostHits = new int[HostPoint.COUNT];
  /** When each host point was first hit, in virtual microseconds (-1: not yet). */
  private final long[] hostFirstMicros = new long[HostPoint.COUNT];
  /** The node each host point's first hit was about (-1: none, or not yet). */
  private final int[] hostFirstNode = new int[HostPoint.COUNT];
  private final AbstractState state;
  private final LongHashSet states = new LongHashSet(256);
  private final int[] flagPoints;
  private boolean abstractStates;
  private long lastState;

  /** {@code abstractStates}: whether to compute the abstraction after events (points are counted either way). */
  public CoverageTracker(int nodes, boolean abstractStates) {
    this.state = new AbstractState(nodes);
    this.abstractStates = abstractStates;
    this.flagPoints = new int[] {HostPoint.TWO_LEADERS.ordinal(), HostPoint.STALE_LEADER.ordinal(),
        HostPoint.LOG_DIVERGED.ordinal(), HostPoint.UNCOMMITTED_TAIL.ordinal(), HostPoint.NO_QUORUM_UP.ordinal(),
        HostPoint.ALL_IN_SYNC.ordinal(), HostPoint.COMMITTED_AT_RISK.ordinal(),
        HostPoint.COMMITTED_AT_RISK_CANDIDATE.ordinal()};
    java.util.Arrays.fill(hostFirstMicros, -1);
    java.util.Arrays.fill(hostFirstNode, -1);
  }

  /** The array the model's {@link dev.raftsim.raft.CoverageReporting} implementations count into. */
  public int[] modelCounters() {
    return modelHits;
  }

  public void hit(HostPoint p) {
    hostHits[p.ordinal()]++;
  }

  /** How many times {@code p} was hit so far in this run. */
  public int hits(HostPoint p) {
    return hostHits[p.ordinal()];
  }

  /** A hit at a known instant: the first one's instant is kept (a guided campaign branches a run near it). */
  public void hit(HostPoint p, long nowMicros) {
    hit(p, nowMicros, -1);
  }

  /** As {@link #hit(HostPoint, long)}, about {@code node} (a stale read's server, say): kept for the first hit. */
  public void hit(HostPoint p, long nowMicros, int node) {
    if (hostHits[p.ordinal()]++ == 0) {
      hostFirstMicros[p.ordinal()] = nowMicros;
      hostFirstNode[p.ordinal()] = node;
    }
  }

  /** After an event at {@code nowMicros} that may have changed what the view shows. */
  public void afterEvent(ClusterView v, long nowMicros) {
    if (!abstractStates) {
      return;
    }
    long h = state.compute(v);
    if (h == lastState) {
      return; // nothing the abstraction sees changed: neither a new state nor a new situation
    }
    lastState = h;
    states.add(h);
    int f = state.flags();
    for (int b = 0; f != 0; b++, f >>>= 1) {
      if ((f & 1) != 0 && hostHits[flagPoints[b]]++ == 0) {
        hostFirstMicros[flagPoints[b]] = nowMicros;
      }
    }
  }

  /** A fault took effect; {@code touched} as the kernel reports it; {@code wasLeader}: the touched node led. */
  public void fault(Fault f, int touched, boolean wasLeader) {
    if (f instanceof Fault.Crash) {
      hit(HostPoint.CRASH);
      if (wasLeader) {
        hit(HostPoint.CRASH_LEADER);
      }
    } else if (f instanceof Fault.Restart) {
      hit(HostPoint.RESTART);
    } else if (f instanceof Fault.Pause) {
      hit(HostPoint.PAUSE);
      if (wasLeader) {
        hit(HostPoint.PAUSE_LEADER);
      }
    } else if (f instanceof Fault.Resume) {
      hit(HostPoint.RESUME);
    } else if (f instanceof Fault.Partition) {
      hit(HostPoint.PARTITION);
    } else if (f instanceof Fault.Isolate) {
      hit(HostPoint.ISOLATE);
      if (wasLeader) {
        hit(HostPoint.ISOLATE_LEADER);
      }
    } else if (f instanceof Fault.CutLink) {
      hit(HostPoint.CUT_LINK);
    } else if (f instanceof Fault.Bridge) {
      hit(HostPoint.BRIDGE);
    } else if (f instanceof Fault.Clog) {
      hit(HostPoint.CLOG);
    } else if (f instanceof Fault.Skew) {
      hit(HostPoint.SKEW);
    } else if (f instanceof Fault.CrashPrimary) {
      if (touched >= 0) {
        hit(HostPoint.CRASH_PRIMARY);
      }
    } else if (f instanceof Fault.RestartPrimary) {
      if (touched >= 0) {
        hit(HostPoint.RESTART_PRIMARY);
      }
    } else if (f instanceof Fault.PartitionPrimary) {
      hit(HostPoint.PARTITION_PRIMARY);
    } else if (f instanceof Fault.CutNextPrimary) {
      hit(HostPoint.CUT_NEXT_PRIMARY);
    } else if (f instanceof Fault.HealNetwork) {
      hit(HostPoint.HEAL_NETWORK);
    } else if (f instanceof Fault.HealAll) {
      hit(HostPoint.HEAL_ALL);
    } else if (f instanceof Fault.SetNetwork s) {
      if (s.params().dropProbability() > 0) {
        hit(HostPoint.NETWORK_LOSSY);
      }
      if (s.params().duplicateProbability() > 0) {
        hit(HostPoint.NETWORK_DUPLICATING);
      }
    }
  }

  /** Turns the abstract-state collection on or off (the benchmark measures its cost this way). */
  public void setAbstractStates(boolean on) {
    abstractStates = on;
  }

  public RunCoverage result() {
    return new RunCoverage(modelHits.clone(), hostHits.clone(), hostFirstMicros.clone(), hostFirstNode.clone(),
        states.toSortedArray());
  }
}
