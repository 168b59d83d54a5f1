package dev.raftsim.scenarios;

import dev.raftsim.sim.Fault;
import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.NetworkParams;
import dev.raftsim.sim.TimedFault;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Searches for a smaller schedule that still breaks the same invariant, measured in events up to the violation.
 * It cuts the run at the violation, removes fault actions (halves, quarters, ... single actions), simplifies
 * the network's random choices toward zero (no loss, no duplication, minimal delays) and lightens the client
 * load. Deterministic: the same input and attempt budget always give the same output; the wall-clock cap only
 * protects against pathological cases and is reported when hit.
 */
public final class Shrinker {
  /** Bounds of one shrink: attempts (deterministic) and a wall-clock cap (safety). */
  public record Budget(int maxAttempts, long maxWallMillis) {
    public static final Budget DEFAULT = new Budget(600, 30_000);
  }

  public record Result(RunResult original, RunResult shrunk, int attempts, boolean hitWallClock) {
    public long eventsBefore() {
      return original.events();
    }

    public long eventsAfter() {
      return shrunk.events();
    }
  }

  private final Budget budget;
  private final RunOptions options;
  private RunResult best;
  private String invariant;
  private int attempts;
  private long deadline;
  private boolean hitWall;
  private java.util.function.BooleanSupplier cancelled = () -> false;

  /** Lets a campaign that is being interrupted abandon a shrink (the unshrunk failure is already on disk). */
  public Shrinker cancelWhen(java.util.function.BooleanSupplier c) {
    this.cancelled = c;
    return this;
  }

  public Shrinker(Budget budget) {
    this(budget, RunOptions.defaults());
  }

  public Shrinker(Budget budget, RunOptions options) {
    this.budget = budget;
    this.options = options.withTrace(null);
  }

  public Result shrink(RunResult failing) {
    if (failing.violation() == null) {
      throw new IllegalArgumentException("only a failing run can be shrunk");
    }
    best = failing;
    invariant = failing.violation().invariant();
    attempts = 0;
    hitWall = false;
    deadline = System.currentTimeMillis() + budget.maxWallMillis();

    cutAtViolation();
    boolean progress = true;
    while (progress && !exhausted()) {
      long before = best.events();
      int actionsBefore = best.spec().plan().actions().size();
      removeFaultActions();
      simplifyNetwork();
      lightenClients();
      fewerNodes();
      rerollChoices();
      progress = best.events() < before || best.spec().plan().actions().size() < actionsBefore;
    }
    return new Result(failing, best, attempts, hitWall);
  }

  private boolean exhausted() {
    if (attempts >= budget.maxAttempts() || cancelled.getAsBoolean()) {
      return true;
    }
    if (System.currentTimeMillis() > deadline) {
      hitWall = true;
      return true;
    }
    return false;
  }

  /** Runs the candidate; keeps it if it breaks the same invariant in fewer events (or as many with fewer actions). */
  private boolean attempt(RunSpec candidate) {
    if (exhausted()) {
      return false;
    }
    attempts++;
    RunResult r = Simulator.run(candidate, options);
    if (r.violation() == null || !r.violation().invariant().equals(invariant)) {
      return false;
    }
    boolean smaller = r.events() < best.events()
        || (r.events() == best.events() && size(r.spec()) < size(best.spec()));
    if (smaller) {
      best = r;
    }
    return smaller;
  }

  private static long size(RunSpec s) {
    return s.plan().actions().size() * 1_000_000L + s.cluster().clients() * 1_000L + s.durationMicros() / 1_000_000;
  }

  private void cutAtViolation() {
    long t = best.violation().timeMicros();
    List<TimedFault> kept = new ArrayList<>();
    for (TimedFault tf : best.spec().plan().actions()) {
      if (tf.atMicros() <= t) {
        kept.add(tf);
      }
    }
    RunSpec cut = best.spec().withDuration(t + 1).withPlan(best.spec().plan().withActions(kept));
    if (!attempt(cut)) {
      // Some violations (liveness at the end of the run) need the full length; keep only the dropped actions.
      attempt(best.spec().withPlan(best.spec().plan().withActions(kept)));
    }
  }

  private void removeFaultActions() {
    int chunk = Math.max(1, best.spec().plan().actions().size() / 2);
    while (chunk >= 1 && !exhausted()) {
      int start = 0;
      while (start < best.spec().plan().actions().size() && !exhausted()) {
        List<TimedFault> actions = best.spec().plan().actions();
        List<TimedFault> without = new ArrayList<>(actions.subList(0, start));
        without.addAll(actions.subList(Math.min(actions.size(), start + chunk), actions.size()));
        if (!attempt(best.spec().withPlan(best.spec().plan().withActions(without)))) {
          start += chunk;
        }
      }
      chunk /= 2;
    }
  }

  private void simplifyNetwork() {
    List<UnaryOperator<NetworkParams>> simplifications = List.of(
        p -> p.withDrop(0),
        p -> p.withDuplicate(0),
        p -> p.withDelay(p.minDelayMicros(), p.meanExtraDelayMicros() / 4),
        p -> p.withDelay(p.minDelayMicros(), 0));
    for (UnaryOperator<NetworkParams> s : simplifications) {
      FaultPlan plan = best.spec().plan();
      NetworkParams simpler = s.apply(plan.initialNetwork());
      if (!simpler.equals(plan.initialNetwork())) {
        attempt(best.spec().withPlan(plan.withInitialNetwork(simpler)));
      }
      List<TimedFault> actions = best.spec().plan().actions();
      for (int i = 0; i < actions.size() && !exhausted(); i++) {
        if (actions.get(i).fault() instanceof Fault.SetNetwork sn) {
          NetworkParams p = s.apply(sn.params());
          if (!p.equals(sn.params())) {
            List<TimedFault> changed = new ArrayList<>(actions);
            changed.set(i, new TimedFault(actions.get(i).atMicros(), new Fault.SetNetwork(p)));
            if (attempt(best.spec().withPlan(best.spec().plan().withActions(changed)))) {
              actions = best.spec().plan().actions();
            }
          }
        }
      }
    }
  }

  /**
   * The seed holds the run's random choices (delays, losses, timeouts, client operations). Re-rolling them under
   * small alternative seeds, with the same faults and cluster, often reaches the same violation much sooner:
   * the choice-sequence idea with the streams as the unit of choice.
   */
  private void rerollChoices() {
    for (long alt = 0; alt < REROLLS && !exhausted(); alt++) {
      RunSpec s = best.spec();
      if (s.seed() != alt) {
        attempt(new RunSpec(alt, s.cluster(), s.plan(), s.durationMicros(), s.faultsName()));
      }
    }
  }

  private static final int REROLLS = 24;

  /** Three nodes are enough for most Raft violations, when the plan does not name the others. */
  private void fewerNodes() {
    RunSpec s = best.spec();
    if (s.cluster().nodes() <= 3 || !planFitsNodes(s.plan(), 3)) {
      return;
    }
    attempt(s.withCluster(s.cluster().withNodes(3)));
  }

  private static boolean planFitsNodes(FaultPlan plan, int nodes) {
    for (TimedFault tf : plan.actions()) {
      Fault f = tf.fault();
      boolean fits = switch (f.getClass().getSimpleName()) {
        case "Crash" -> ((Fault.Crash) f).node() < nodes;
        case "Restart" -> ((Fault.Restart) f).node() < nodes;
        case "Pause" -> ((Fault.Pause) f).node() < nodes;
        case "Resume" -> ((Fault.Resume) f).node() < nodes;
        case "Isolate" -> ((Fault.Isolate) f).node() < nodes;
        case "Skew" -> ((Fault.Skew) f).node() < nodes;
        case "CutLink" -> ((Fault.CutLink) f).from() < nodes && ((Fault.CutLink) f).to() < nodes;
        case "Clog" -> ((Fault.Clog) f).from() < nodes && ((Fault.Clog) f).to() < nodes;
        case "Partition", "Bridge" -> false;
        case "PartitionPrimary" -> ((Fault.PartitionPrimary) f).minority() < nodes;
        case "CutNextPrimary" -> ((Fault.CutNextPrimary) f).minority() < nodes;
        default -> true;
      };
      if (!fits) {
        return false;
      }
    }
    return true;
  }

  private void lightenClients() {
    while (best.spec().cluster().clients() > 0 && !exhausted()) {
      ClusterConfig fewer = best.spec().cluster().withClients(best.spec().cluster().clients() - 1);
      if (!attempt(best.spec().withCluster(fewer))) {
        break;
      }
    }
    ClusterConfig c = best.spec().cluster();
    if (c.clients() > 0) {
      attempt(best.spec().withCluster(c.withClientThinkMean(c.clientThinkMeanMicros() * 3)));
    }
  }
}
