package dev.raftsim.cli;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.ReconfigKnobs;
import dev.raftsim.sim.FaultProfile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import dev.raftsim.scenarios.ImplChoice;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by every command that builds a cluster. */
public final class ClusterOptions {
  @Option(names = "--nodes", paramLabel = "N", description = "Raft servers (default: ${DEFAULT-VALUE}).")
  int nodes = 5;

  @Option(names = "--spares", paramLabel = "N", description = "Of the --nodes servers, the last N start as spares outside the configuration, for the reconfiguration client to add (default: 0; swarm draws 0..2 unless given).")
  String spares;

  @Option(names = "--reconfig", paramLabel = "RATE", description = "Reconfiguration client: membership changes and leadership transfers asked of the leader, RATE per simulated second before the heal, e.g. 2 or 0.5; 0 is off (default: off; swarm draws it and the spares unless given).")
  String reconfig;

  @Option(names = "--reconfig-mix", paramLabel = "MIX", description = "The client's requests: balanced, single (single-server changes), joint (replacements), transfer (default: balanced).")
  String reconfigMix;

  @Option(names = "--reconfig-nemesis", paramLabel = "PERCENT", description = "Share of requests the nemesis aims at: the leader crashed mid-change, or the old members partitioned from the new (default: 0).")
  String reconfigNemesis;

  @Option(names = "--clients", paramLabel = "C", description = "Simulated clients (default: ${DEFAULT-VALUE}).")
  int clients = 3;

  @Option(names = "--time", paramLabel = "DURATION", description = "Simulated time per run, e.g. 10s, 500ms (default: ${DEFAULT-VALUE}).")
  String time = "10s";

  @Option(names = "--faults", paramLabel = "PROFILE", description = "Fault profile: none, default, lossy, partitions, crashes, swarm (default: default for run, swarm for fuzz).")
  String faults;

  /** The profile's name as given, or the command's default. */
  public String faultsName(String fallback) {
    return faults == null ? fallback : faults;
  }

  @Option(names = "--bug", paramLabel = "NAME", description = "Switch on a planted bug (repeatable); 'raftsim bugs list' names them. With --impl: one of that implementation's options.")
  List<String> bugs = new ArrayList<>();

  @Mixin ImplOptions impl;

  /** The implementation hosted, with another implementation's own --bug switches. */
  public ImplChoice implChoice() {
    return impl.choice(bugs);
  }

  public FaultProfile profile(String fallback) {
    String name = faultsName(fallback);
    return FaultProfile.fromCliName(name).orElseThrow(() ->
        new BadInputException("unknown fault profile '" + name + "'; valid: " + FaultProfile.validNames()));
  }

  public long durationMicros() {
    return Durations.parseMicros(time);
  }

  public Set<PlantedBug> plantedBugs() {
    return impl.plantedBugs(bugs);
  }

  public static Set<PlantedBug> parseBugs(List<String> names) {
    EnumSet<PlantedBug> set = EnumSet.noneOf(PlantedBug.class);
    for (String name : names) {
      set.add(PlantedBug.fromCliName(name).orElseThrow(() ->
          new BadInputException("unknown bug '" + name + "'; valid: " + String.join(", ", PlantedBug.cliNames()))));
    }
    return set;
  }

  public ClusterConfig cluster() {
    if (nodes < 1 || nodes > 15) {
      throw new BadInputException("--nodes must be between 1 and 15, got " + nodes);
    }
    if (clients < 0 || clients > 64) {
      throw new BadInputException("--clients must be between 0 and 64, got " + clients);
    }
    ClusterConfig c = ClusterConfig.defaults(nodes).withClients(clients).withBugs(plantedBugs());
    if (spares != null) {
      int n = integer("--spares", spares, 0, nodes - 1);
      c = c.withSpares(n);
    }
    if (reconfig == null && (reconfigMix != null || reconfigNemesis != null)) {
      throw new BadInputException("--reconfig-mix and --reconfig-nemesis need --reconfig RATE");
    }
    if (reconfig != null) {
      double rate;
      try {
        rate = Double.parseDouble(reconfig.trim());
      } catch (NumberFormatException e) {
        rate = Double.NaN;
      }
      if (!(rate >= 0 && rate <= ReconfigKnobs.MAX_PER_SECOND) || reconfig.trim().matches(".*[a-zA-Z].*")) {
        throw new BadInputException("--reconfig must be a rate in 0.." + (int) ReconfigKnobs.MAX_PER_SECOND
            + " per second (e.g. 2 or 0.5), got '" + reconfig + "'");
      }
      ReconfigKnobs.Mix mix = ReconfigKnobs.Mix.BALANCED;
      if (reconfigMix != null) {
        try {
          mix = ReconfigKnobs.Mix.fromCliName(reconfigMix);
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--reconfig-mix: " + e.getMessage());
        }
      }
      int nemesis = reconfigNemesis == null ? 0 : integer("--reconfig-nemesis", reconfigNemesis, 0, 100);
      c = c.withReconfig(new ReconfigKnobs(rate, mix, nemesis, true));
    }
    return c;
  }

  private static int integer(String flag, String value, int min, int max) {
    int v;
    try {
      v = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new BadInputException(flag + " must be a whole number in " + min + ".." + max + ", got '" + value + "'");
    }
    if (v < min || v > max) {
      throw new BadInputException(flag + " must be in " + min + ".." + max + ", got " + v);
    }
    return v;
  }

  /** The membership flags given, for a command line that reruns the campaign. */
  String membershipFlags() {
    StringBuilder sb = new StringBuilder();
    if (spares != null) {
      sb.append(" --spares ").append(spares.trim());
    }
    if (reconfig != null) {
      sb.append(" --reconfig ").append(reconfig.trim());
    }
    if (reconfigMix != null) {
      sb.append(" --reconfig-mix ").append(reconfigMix);
    }
    if (reconfigNemesis != null) {
      sb.append(" --reconfig-nemesis ").append(reconfigNemesis.trim());
    }
    return sb.toString();
  }
}
