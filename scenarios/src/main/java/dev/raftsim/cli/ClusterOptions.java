package dev.raftsim.cli;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ClusterConfig;
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
    return ClusterConfig.defaults(nodes).withClients(clients).withBugs(plantedBugs());
  }
}
