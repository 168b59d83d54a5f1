package dev.raftsim.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Named recipes that turn a seed into a {@link FaultPlan}. Faults are injected until {@code healAt}; then a
 * {@link Fault.HealAll} restores everything so liveness can be judged.
 */
public enum FaultProfile {
  NONE("none", "no faults: a calm LAN, nothing crashes"),
  DEFAULT("default", "mild loss and delay, occasional partitions, crashes, pauses and clogs"),
  LOSSY("lossy", "heavy loss (10%), duplication and long reordering delays"),
  PARTITIONS("partitions", "frequent partitions of every kind: groups, isolation, one-way cuts, bridges"),
  CRASHES("crashes", "frequent crashes and restarts, pauses and clock skew"),
  SWARM("swarm", "the fault mix itself drawn from the seed: some faults off, others at wildly different rates");

  private final String cliName;
  private final String description;

  FaultProfile(String cliName, String description) {
    this.cliName = cliName;
    this.description = description;
  }

  public String cliName() {
    return cliName;
  }

  public String description() {
    return description;
  }

  public static Optional<FaultProfile> fromCliName(String name) {
    for (FaultProfile p : values()) {
      if (p.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public static String validNames() {
    StringBuilder sb = new StringBuilder();
    for (FaultProfile p : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(p.cliName);
    }
    return sb.toString();
  }

  /** Rates in events per simulated second; durations in microseconds. */
  public record Mix(
      NetworkParams network,
      double partitionsPerSecond,
      double crashesPerSecond,
      double pausesPerSecond,
      double clogsPerSecond,
      double skewProbability,
      long maxFaultMicros,
      double primaryBias,
      double churnBurstsPerSecond) {

    public String describe() {
      return String.format(Locale.ROOT,
          "%s; partitions %.2f/s, crashes %.2f/s, pauses %.2f/s, clogs %.2f/s, skew %.2f, primary-targeted %.2f, "
              + "leader-churn bursts %.2f/s",
          network.describe(), partitionsPerSecond, crashesPerSecond, pausesPerSecond, clogsPerSecond, skewProbability,
          primaryBias, churnBurstsPerSecond);
    }
  }

  /** The fault mix this profile uses for a run; for SWARM it is drawn from {@code random}. */
  public Mix mix(Prng random) {
    return switch (this) {
      case NONE -> new Mix(NetworkParams.calm(), 0, 0, 0, 0, 0, 0, 0, 0);
      case DEFAULT -> new Mix(new NetworkParams(500, 2_000, 0.01, 0.005, false), 0.2, 0.2, 0.1, 0.3, 0.2, 2_000_000, 0.3,
          0.05);
      case LOSSY -> new Mix(new NetworkParams(1_000, 30_000, 0.10, 0.05, false), 0.05, 0.05, 0, 0.5, 0, 1_000_000, 0.3,
          0);
      case PARTITIONS -> new Mix(new NetworkParams(500, 2_000, 0.01, 0.0, false), 1.0, 0, 0, 0.5, 0, 2_000_000, 0.5,
          0.2);
      case CRASHES -> new Mix(new NetworkParams(500, 2_000, 0.0, 0.0, false), 0, 1.0, 0.3, 0, 0.5, 1_500_000, 0.5, 0.2);
      case SWARM -> swarmMix(random);
    };
  }

  private static Mix swarmMix(Prng r) {
    // Each fault kind is on or off, and when on its rate spans two orders of magnitude (log-uniform), so some
    // runs are dominated by one fault and others by a mixture: swarm testing.
    double drop = r.chance(0.5) ? logUniform(r, 0.001, 0.3) : 0;
    double dup = r.chance(0.4) ? logUniform(r, 0.001, 0.2) : 0;
    long min = 100 + r.nextInt(2_000);
    long tail = r.chance(0.25) ? (long) logUniform(r, 5_000, 200_000) : (long) logUniform(r, 200, 5_000);
    boolean fifo = r.chance(0.2);
    double partitions = r.chance(0.5) ? logUniform(r, 0.05, 3) : 0;
    double crashes = r.chance(0.5) ? logUniform(r, 0.05, 3) : 0;
    double pauses = r.chance(0.3) ? logUniform(r, 0.05, 1) : 0;
    double clogs = r.chance(0.3) ? logUniform(r, 0.05, 2) : 0;
    double skew = r.chance(0.3) ? r.nextDouble() : 0;
    long maxFault = (long) logUniform(r, 100_000, 3_000_000);
    double primaryBias = r.chance(0.7) ? r.nextDouble() : 0;
    double bursts = r.chance(0.5) ? logUniform(r, 0.1, 1.5) : 0;
    return new Mix(new NetworkParams(min, tail, drop, dup, fifo), partitions, crashes, pauses, clogs, skew, maxFault,
        primaryBias, bursts);
  }

  private static double logUniform(Prng r, double lo, double hi) {
    return lo * StrictMath.exp(r.nextDouble() * StrictMath.log(hi / lo));
  }

  /**
   * Draws a plan for {@code nodes} faultable nodes. Faults start after a short grace period, end by {@code
   * healAtMicros} (actions are generated only before it) and are followed by a HealAll there.
   */
  public FaultPlan generate(Prng random, int nodes, long healAtMicros) {
    Mix mix = mix(random);
    return generate(mix, random, nodes, healAtMicros);
  }

  public static FaultPlan generate(Mix mix, Prng random, int nodes, long healAtMicros) {
    List<TimedFault> actions = new ArrayList<>();
    double total = mix.partitionsPerSecond + mix.crashesPerSecond + mix.pausesPerSecond + mix.clogsPerSecond
        + mix.churnBurstsPerSecond;
    for (int n = 0; n < nodes; n++) {
      if (random.chance(mix.skewProbability)) {
        actions.add(new TimedFault(0, new Fault.Skew(n, 700 + random.nextInt(700))));
      }
    }
    boolean[] down = new boolean[nodes];
    long[] busyUntil = new long[nodes];
    long networkBusyUntil = 0;
    long primaryCrashBusyUntil = 0;
    long t = 100_000; // let the first election happen before faults start
    if (total > 0) {
      long meanGap = (long) (1_000_000 / total);
      while (true) {
        t += 1 + random.exponential(meanGap);
        if (t >= healAtMicros) {
          break;
        }
        double pick = random.nextDouble() * total;
        long duration = 1_000 + random.exponential(Math.max(1, mix.maxFaultMicros / 3));
        duration = Math.min(duration, mix.maxFaultMicros);
        long end = Math.min(t + duration, healAtMicros);
        if ((pick -= mix.partitionsPerSecond) < 0) {
          if (t < networkBusyUntil) {
            continue;
          }
          boolean atPrimary = random.chance(mix.primaryBias);
          actions.add(new TimedFault(t, atPrimary
              ? new Fault.PartitionPrimary(1 + random.nextInt(Math.max(1, (nodes - 1) / 2)))
              : randomPartition(random, nodes)));
          actions.add(new TimedFault(end, new Fault.HealNetwork()));
          networkBusyUntil = end;
        } else if ((pick -= mix.crashesPerSecond) < 0) {
          if (random.chance(mix.primaryBias)) {
            if (t < primaryCrashBusyUntil) {
              continue;
            }
            actions.add(new TimedFault(t, new Fault.CrashPrimary()));
            actions.add(new TimedFault(end, new Fault.RestartPrimary()));
            primaryCrashBusyUntil = end;
            continue;
          }
          int n = random.nextInt(nodes);
          if (down[n] || t < busyUntil[n]) {
            continue;
          }
          actions.add(new TimedFault(t, new Fault.Crash(n)));
          actions.add(new TimedFault(end, new Fault.Restart(n)));
          busyUntil[n] = end;
        } else if ((pick -= mix.churnBurstsPerSecond) < 0) {
          // Cut 2-5 successive leaders, each a few milliseconds after it shows up.
          int cuts = 2 + random.nextInt(4);
          for (int k = 0; k < cuts; k++) {
            boolean crash = random.chance(0.5);
            int minority = 1 + random.nextInt(Math.max(1, (nodes - 1) / 2));
            long delay = random.exponential(3_000);
            long lasting = 50_000 + random.exponential(Math.max(1, mix.maxFaultMicros / 4));
            actions.add(new TimedFault(t, new Fault.CutNextPrimary(crash, minority, delay, lasting)));
          }
        } else if ((pick -= mix.pausesPerSecond) < 0) {
          int n = random.nextInt(nodes);
          if (t < busyUntil[n]) {
            continue;
          }
          actions.add(new TimedFault(t, new Fault.Pause(n)));
          actions.add(new TimedFault(end, new Fault.Resume(n)));
          busyUntil[n] = end;
        } else {
          int from = random.nextInt(nodes);
          int to = random.nextInt(nodes);
          if (from != to) {
            actions.add(new TimedFault(t, new Fault.Clog(from, to, end - t)));
          }
        }
      }
    }
    // Liveness is judged from the start only when nothing could stall Raft; slow networks break its timing
    // assumption (broadcast time much shorter than the election timeout) and get a heal phase like faults do.
    boolean faultless = total == 0 && mix.skewProbability == 0 && mix.network.equals(NetworkParams.calm());
    long healAt = faultless ? 0 : healAtMicros;
    if (healAt > 0 && healAt != Long.MAX_VALUE) {
      actions.add(new TimedFault(healAt, new Fault.HealAll(NetworkParams.calm())));
    }
    return new FaultPlan(mix.network, actions, healAt);
  }

  private static Fault randomPartition(Prng r, int nodes) {
    int kind = r.nextInt(4);
    if (nodes < 3 || kind == 0) {
      return new Fault.Isolate(r.nextInt(nodes));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      order.add(i);
    }
    for (int i = nodes - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Integer tmp = order.get(i);
      order.set(i, order.get(j));
      order.set(j, tmp);
    }
    if (kind == 1) {
      int cut = 1 + r.nextInt(nodes - 1);
      return new Fault.Partition(List.of(order.subList(0, cut), order.subList(cut, nodes)));
    }
    if (kind == 2) {
      return new Fault.CutLink(order.get(0), order.get(1));
    }
    int bridge = order.get(0);
    int cut = 1 + r.nextInt(nodes - 2);
    return new Fault.Bridge(bridge, order.subList(1, 1 + cut), order.subList(1 + cut, nodes));
  }
}
