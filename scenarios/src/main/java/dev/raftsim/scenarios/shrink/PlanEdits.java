package dev.raftsim.scenarios.shrink;

import dev.raftsim.scenarios.Reconfiguration;
import dev.raftsim.sim.Fault;
import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.sim.TimedFault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure edits of a fault plan that the shrinker tries: renaming nodes onto a smaller cluster and moving actions in
 * time. None of them runs anything; whether an edit still fails is for the caller to find out.
 */
public final class PlanEdits {
  private PlanEdits() {}

  /**
   * The nodes the plan names, in order of first mention: the order a renaming onto 0..k-1 keeps, so the first node
   * a schedule touches stays the first one.
   */
  public static List<Integer> namedNodes(FaultPlan plan) {
    Map<Integer, Boolean> seen = new LinkedHashMap<>();
    for (TimedFault tf : plan.actions()) {
      for (int n : nodesOf(tf.fault())) {
        seen.putIfAbsent(n, Boolean.TRUE);
      }
    }
    return new ArrayList<>(seen.keySet());
  }

  public static List<Integer> nodesOf(Fault f) {
    List<Integer> out = new ArrayList<>();
    if (f instanceof Fault.Crash c) {
      out.add(c.node());
    } else if (f instanceof Fault.Restart r) {
      out.add(r.node());
    } else if (f instanceof Fault.Pause p) {
      out.add(p.node());
    } else if (f instanceof Fault.Resume r) {
      out.add(r.node());
    } else if (f instanceof Fault.Isolate i) {
      out.add(i.node());
    } else if (f instanceof Fault.Skew s) {
      out.add(s.node());
    } else if (f instanceof Fault.CutLink c) {
      out.add(c.from());
      out.add(c.to());
    } else if (f instanceof Fault.Clog c) {
      out.add(c.from());
      out.add(c.to());
    } else if (f instanceof Fault.Partition p) {
      p.groups().forEach(out::addAll);
    } else if (f instanceof Fault.Bridge b) {
      out.add(b.bridge());
      out.addAll(b.left());
      out.addAll(b.right());
    } else if (f instanceof Fault.Host h && Reconfiguration.isReconfiguration(h)) {
      // A request that names its servers (a pick names none: it chooses when it runs).
      for (long s = Reconfiguration.parse(h.action(), 64).servers(); s != 0; s &= s - 1) {
        out.add(Long.numberOfTrailingZeros(s));
      }
    }
    return out;
  }

  /**
   * The plan on a cluster of {@code nodes}, node {@code i} renamed {@code map[i]} ({@code -1}: gone). An action
   * about a gone node is dropped; a partition or bridge loses the gone nodes from its groups; a primary-targeted
   * minority is capped at what is still a minority. Returns null when the plan names a node outside {@code map}.
   */
  public static FaultPlan renameNodes(FaultPlan plan, int[] map, int nodes) {
    int minority = Math.max(1, (nodes - 1) / 2);
    List<TimedFault> out = new ArrayList<>();
    for (TimedFault tf : plan.actions()) {
      Fault f = tf.fault();
      for (int n : nodesOf(f)) {
        if (n < 0 || n >= map.length) {
          return null;
        }
      }
      Fault g = rename(f, map, minority);
      if (g != null) {
        out.add(new TimedFault(tf.atMicros(), g));
      }
    }
    return plan.withActions(out);
  }

  private static Fault rename(Fault f, int[] m, int minority) {
    if (f instanceof Fault.Crash c) {
      return m[c.node()] < 0 ? null : new Fault.Crash(m[c.node()]);
    } else if (f instanceof Fault.Restart r) {
      return m[r.node()] < 0 ? null : new Fault.Restart(m[r.node()]);
    } else if (f instanceof Fault.Pause p) {
      return m[p.node()] < 0 ? null : new Fault.Pause(m[p.node()]);
    } else if (f instanceof Fault.Resume r) {
      return m[r.node()] < 0 ? null : new Fault.Resume(m[r.node()]);
    } else if (f instanceof Fault.Isolate i) {
      return m[i.node()] < 0 ? null : new Fault.Isolate(m[i.node()]);
    } else if (f instanceof Fault.Skew s) {
      return m[s.node()] < 0 ? null : new Fault.Skew(m[s.node()], s.permille());
    } else if (f instanceof Fault.CutLink c) {
      return m[c.from()] < 0 || m[c.to()] < 0 ? null : new Fault.CutLink(m[c.from()], m[c.to()]);
    } else if (f instanceof Fault.Clog c) {
      return m[c.from()] < 0 || m[c.to()] < 0 ? null : new Fault.Clog(m[c.from()], m[c.to()], c.durationMicros());
    } else if (f instanceof Fault.Partition p) {
      List<List<Integer>> groups = new ArrayList<>();
      for (List<Integer> g : p.groups()) {
        List<Integer> kept = renamed(g, m);
        if (!kept.isEmpty()) {
          groups.add(kept);
        }
      }
      return new Fault.Partition(groups);
    } else if (f instanceof Fault.Bridge b) {
      if (m[b.bridge()] < 0) {
        return null;
      }
      return new Fault.Bridge(m[b.bridge()], renamed(b.left(), m), renamed(b.right(), m));
    } else if (f instanceof Fault.Host h && Reconfiguration.isReconfiguration(h)) {
      Reconfiguration.Action a = Reconfiguration.parse(h.action(), 64);
      if (a.servers() == 0) {
        return f;
      }
      long renamed = 0;
      for (long s = a.servers(); s != 0; s &= s - 1) {
        int n = m[Long.numberOfTrailingZeros(s)];
        if (n >= 0) {
          renamed |= 1L << n;
        } else if (a.kind() != Reconfiguration.Kind.REPLACE) {
          return null; // about a gone node
        }
      }
      return renamed == 0 ? null : Reconfiguration.Action.of(a.kind(), renamed).atElection(a.atElection()).toFault();
    } else if (f instanceof Fault.PartitionPrimary pp) {
      return new Fault.PartitionPrimary(Math.min(pp.minority(), minority));
    } else if (f instanceof Fault.CutNextPrimary t) {
      return new Fault.CutNextPrimary(t.crash(), Math.min(t.minority(), minority), t.delayMicros(),
          t.durationMicros());
    }
    return f;
  }

  private static List<Integer> renamed(List<Integer> group, int[] m) {
    List<Integer> out = new ArrayList<>();
    for (int n : group) {
      if (m[n] >= 0) {
        out.add(m[n]);
      }
    }
    return out;
  }

  /** Every action {@code delta} earlier (none before time 0). */
  public static FaultPlan shiftEarlier(FaultPlan plan, long delta) {
    List<TimedFault> out = new ArrayList<>();
    for (TimedFault tf : plan.actions()) {
      out.add(new TimedFault(Math.max(0, tf.atMicros() - delta), tf.fault()));
    }
    return plan.withActions(out);
  }

  /**
   * Every action at {@code permille}/1000 of its time after {@code from} (actions before {@code from} stay): the
   * gaps between faults shrink in proportion, which keeps their order.
   */
  public static FaultPlan compress(FaultPlan plan, long from, int permille) {
    List<TimedFault> out = new ArrayList<>();
    for (TimedFault tf : plan.actions()) {
      long t = tf.atMicros();
      long at = t <= from ? t : from + (t - from) * permille / 1000;
      out.add(new TimedFault(at, tf.fault()));
    }
    return plan.withActions(out);
  }

  /** Action {@code index} moved to {@code at} (the plan re-sorts; equal times keep the old order). */
  public static FaultPlan moveAction(FaultPlan plan, int index, long at) {
    List<TimedFault> out = new ArrayList<>(plan.actions());
    out.set(index, new TimedFault(at, out.get(index).fault()));
    return plan.withActions(out);
  }

  /** The plan without the actions in [from, to). */
  public static FaultPlan without(FaultPlan plan, int from, int to) {
    List<TimedFault> actions = plan.actions();
    List<TimedFault> out = new ArrayList<>(actions.subList(0, from));
    out.addAll(actions.subList(Math.min(actions.size(), to), actions.size()));
    return plan.withActions(out);
  }

  /** Fault actions per simulated second in a regrown schedule, over all the kinds the plan shows. */
  static final double DENSE_RATE = 4.0;

  /**
   * A fault mix with only the kinds of fault this plan uses, in the same proportions, but dense ({@value
   * #DENSE_RATE} per second in all): what a short fresh schedule "of the same sort" is drawn from when a failing
   * schedule cannot be simplified step by step. Null when the plan has no fault actions (nothing to grow from).
   */
  public static FaultProfile.Mix denseMixOf(FaultPlan plan) {
    double partitions = 0;
    double crashes = 0;
    double pauses = 0;
    double clogs = 0;
    double bursts = 0;
    double atPrimary = 0;
    double primaryChoices = 0;
    double skews = 0;
    long lastBurst = -1;
    for (TimedFault tf : plan.actions()) {
      Fault f = tf.fault();
      if (f instanceof Fault.Partition || f instanceof Fault.Isolate || f instanceof Fault.CutLink
          || f instanceof Fault.Bridge) {
        partitions++;
        primaryChoices++;
      } else if (f instanceof Fault.PartitionPrimary) {
        partitions++;
        primaryChoices++;
        atPrimary++;
      } else if (f instanceof Fault.Crash) {
        crashes++;
        primaryChoices++;
      } else if (f instanceof Fault.CrashPrimary) {
        crashes++;
        primaryChoices++;
        atPrimary++;
      } else if (f instanceof Fault.Pause) {
        pauses++;
      } else if (f instanceof Fault.Clog) {
        clogs++;
      } else if (f instanceof Fault.Skew) {
        skews++;
      } else if (f instanceof Fault.CutNextPrimary && tf.atMicros() != lastBurst) {
        // A burst is armed at one instant; triggers armed apart are separate bursts.
        bursts++;
        lastBurst = tf.atMicros();
      }
    }
    double total = partitions + crashes + pauses + clogs + bursts;
    if (total == 0) {
      return null;
    }
    double scale = DENSE_RATE / total;
    return new FaultProfile.Mix(plan.initialNetwork(), partitions * scale, crashes * scale, pauses * scale,
        clogs * scale, skews > 0 ? 0.5 : 0, 300_000, primaryChoices == 0 ? 0 : atPrimary / primaryChoices,
        bursts * scale);
  }
}
