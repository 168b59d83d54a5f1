package dev.raftsim.scenarios.catalogue;

import dev.raftsim.sim.NetworkParams;
import java.util.List;

/**
 * Named networks, calibrated on the MIT 6.5840 lab's (which a scenario file can name: {@code network unreliable}).
 * The lab's unreliable network drops about 10% of messages and delays requests by up to 27 ms; its long reordering
 * delays about 2/3 of replies by 200..2200 ms. Our network treats every message alike (a minimum delay plus an
 * exponential tail), so long reordering is approximated by a heavy tail: a mean extra delay of 150 ms puts about
 * one message in four beyond 200 ms and a few in a thousand beyond a second.
 */
public final class Networks {
  private Networks() {}

  /** No loss, 0.5 ms + exp(1 ms): the simulator's calm LAN. */
  public static NetworkParams reliable() {
    return NetworkParams.calm();
  }

  /** The lab's unreliable network: 10% loss, delays 0.5 ms + exp(13 ms) (the lab: uniform 0..27 ms). */
  public static NetworkParams unreliable() {
    return new NetworkParams(500, 13_000, 0.1, 0, false);
  }

  /** Unreliable plus long reordering: 10% loss, delays 0.5 ms + exp(150 ms). */
  public static NetworkParams longReordering() {
    return new NetworkParams(500, 150_000, 0.1, 0, false);
  }

  /** The preset names, in the order {@link #named(String)} knows them. */
  public static final List<String> NAMES = List.of("reliable", "unreliable", "long-reordering");

  /** A preset by name, or null. */
  public static NetworkParams named(String name) {
    return switch (name) {
      case "reliable" -> reliable();
      case "unreliable" -> unreliable();
      case "long-reordering" -> longReordering();
      default -> null;
    };
  }

  /** The preset's name if {@code p} is one, else null. */
  public static String nameOf(NetworkParams p) {
    for (String n : NAMES) {
      if (named(n).equals(p)) {
        return n;
      }
    }
    return null;
  }
}
