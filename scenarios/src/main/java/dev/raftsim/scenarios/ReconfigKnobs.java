package dev.raftsim.scenarios;

import java.util.Locale;

/**
 * The reconfiguration client: how often it asks the leader for a membership change or a leadership transfer (per
 * simulated second, before the heal; 0 is off), which mix of requests it draws, and how often the nemesis aims at a
 * change it just asked for (crashes the leader mid-change, or partitions the old members from the new ones). The
 * requests themselves are {@link dev.raftsim.sim.Fault.Host} actions of the fault plan (see {@link Reconfiguration}),
 * drawn from the run's seed, so counterexamples hold them and replay them exactly.
 *
 * @param perSecond mean requests per simulated second during the fault phase (0: off)
 * @param mix the kinds of request and their weights
 * @param nemesisPercent the chance (percent) that a request is followed by a nemesis action aimed at it
 * @param fixed whether these knobs (and the cluster's spares) were set on purpose: swarm then keeps them instead of
 *     drawing its own (a command line's {@code --reconfig 0} means off under swarm too)
 */
public record ReconfigKnobs(double perSecond, Mix mix, int nemesisPercent, boolean fixed) {
  /** No reconfiguration: what every profile but swarm runs unless asked; swarm draws its own. */
  public static final ReconfigKnobs OFF = new ReconfigKnobs(0, Mix.BALANCED, 0, false);
  public static final double MAX_PER_SECOND = 100;

  public ReconfigKnobs {
    if (!(perSecond >= 0 && perSecond <= MAX_PER_SECOND)) {
      throw new IllegalArgumentException("reconfiguration rate must be in 0.." + (int) MAX_PER_SECOND
          + " per second, got " + perSecond);
    }
    java.util.Objects.requireNonNull(mix, "mix");
    if (nemesisPercent < 0 || nemesisPercent > 100) {
      throw new IllegalArgumentException("reconfiguration nemesis share must be in 0..100 percent, got "
          + nemesisPercent);
    }
  }

  /** Not fixed: swarm may draw the membership knobs. */
  public ReconfigKnobs(double perSecond, Mix mix, int nemesisPercent) {
    this(perSecond, mix, nemesisPercent, false);
  }

  /** These knobs, and the cluster's spares, as they are: swarm draws neither. */
  public ReconfigKnobs asFixed() {
    return new ReconfigKnobs(perSecond, mix, nemesisPercent, true);
  }

  public boolean on() {
    return perSecond > 0;
  }

  /** The requests, in the order of {@link Reconfiguration.Kind}'s request kinds, with their weights. */
  public enum Mix {
    /** Every kind of request. */
    BALANCED(3, 3, 2, 3, 2, 2),
    /** Single-server changes only: learners, promotions, one voter in or out (dissertation §4.1). */
    SINGLE(4, 4, 2, 4, 0, 1),
    /** Mostly whole-configuration replacements (joint consensus, paper §6). */
    JOINT(1, 1, 0, 1, 5, 2),
    /** Mostly leadership transfers (dissertation §3.10). */
    TRANSFER(1, 1, 1, 1, 1, 6);

    private final int[] weights;

    Mix(int... weights) {
      this.weights = weights;
    }

    /** Weight of request kind {@code k} (add-learner, promote, add-voter, remove, replace, transfer). */
    public int weight(int k) {
      return weights[k];
    }

    public int kinds() {
      return weights.length;
    }

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Mix fromCliName(String s) {
      for (Mix m : values()) {
        if (m.cliName().equals(s)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown reconfiguration mix '" + s + "'; valid: balanced, single, joint, transfer");
    }
  }

  public ReconfigKnobs withPerSecond(double rate) {
    return new ReconfigKnobs(rate, mix, nemesisPercent, fixed);
  }

  public ReconfigKnobs withMix(Mix m) {
    return new ReconfigKnobs(perSecond, m, nemesisPercent, fixed);
  }

  public ReconfigKnobs withNemesisPercent(int p) {
    return new ReconfigKnobs(perSecond, mix, p, fixed);
  }

  /** "reconfig 2/s balanced, nemesis 30%"; empty when off. */
  public String describe() {
    if (!on()) {
      return "";
    }
    return String.format(Locale.ROOT, "reconfig %s/s %s%s", trim(perSecond), mix.cliName(),
        nemesisPercent == 0 ? "" : ", nemesis " + nemesisPercent + "%");
  }

  static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
