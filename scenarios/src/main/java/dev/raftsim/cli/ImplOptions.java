package dev.raftsim.cli;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ImplChoice;
import dev.raftsim.scenarios.ImplementationCatalog;
import dev.raftsim.spi.ImplementationOption;
import dev.raftsim.spi.Implementations;
import dev.raftsim.spi.RaftImplementation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** {@code --impl} and {@code --classpath}: which Raft implementation a command hosts, and where to find it. */
public final class ImplOptions {
  @Option(names = "--impl", paramLabel = "NAME",
      description = "Raft implementation to host, by its SPI name (default: raftsim, raftsim's own).")
  String impl;

  @Option(names = "--classpath", paramLabel = "PATHS",
      description = "Jars and class folders (':'-separated) searched for implementations (java.util.ServiceLoader).")
  String classpath;

  /** The name asked for, or null when --impl was not given. */
  String requested() {
    return impl;
  }

  /** Adds --classpath for discovery; idempotent per command. */
  void loadClassPath() {
    if (classpath != null) {
      try {
        ImplementationCatalog.addClassPath(classpath);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
      classpath = null;
    }
  }

  /** The implementation named {@code name} (after --classpath), or one line naming those found (exit 2). */
  RaftImplementation resolve(String name) {
    loadClassPath();
    try {
      return ImplementationCatalog.require(name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  RaftImplementation resolve() {
    return resolve(name());
  }

  String name() {
    return impl == null ? Implementations.DEFAULT : impl;
  }

  /**
   * The choice for a run with {@code --bug} names: raftsim's own planted bugs go to {@link #plantedBugs}, another
   * implementation must declare each name among its options (one line otherwise, exit 2).
   */
  ImplChoice choice(List<String> bugs) {
    RaftImplementation r = resolve();
    if (r.name().equals(Implementations.DEFAULT)) {
      return ImplChoice.RAFTSIM;
    }
    return new ImplChoice(r.name(), validOptions(r, bugs));
  }

  /** raftsim's planted bugs among {@code bugs}; empty for another implementation (its switches are strings). */
  Set<PlantedBug> plantedBugs(List<String> bugs) {
    if (!name().equals(Implementations.DEFAULT)) {
      return Set.of();
    }
    return ClusterOptions.parseBugs(bugs);
  }

  static Set<String> validOptions(RaftImplementation r, List<String> names) {
    TreeSet<String> valid = new TreeSet<>();
    for (ImplementationOption o : r.options()) {
      valid.add(o.name());
    }
    for (String n : names) {
      if (!valid.contains(n)) {
        throw new BadInputException("implementation '" + r.name() + "' has no option '" + n + "' (--bug); "
            + (valid.isEmpty() ? "it declares none" : "it offers: " + String.join(", ", valid)));
      }
    }
    return new TreeSet<>(names);
  }

  /**
   * The spec to re-run a counterexample with: the file's implementation (or --impl's, to run the schedule against
   * another one). One line and exit 2 when it is not installed; a warning when the installed version differs.
   */
  dev.raftsim.scenarios.RunSpec forReplay(dev.raftsim.scenarios.Counterexample cx, java.nio.file.Path file) {
    loadClassPath();
    dev.raftsim.scenarios.RunSpec spec = cx.spec();
    String recorded = spec.impl().name();
    if (impl != null && !impl.equals(recorded)) {
      RaftImplementation other = resolve(impl);
      if (!other.name().equals(Implementations.DEFAULT) && !spec.cluster().bugs().isEmpty()) {
        throw new BadInputException(file + " plants raftsim's bugs " + ClusterText.bugNames(spec.cluster())
            + ": it cannot run against implementation '" + impl + "'");
      }
      Set<String> opts = other.name().equals(recorded) ? spec.impl().options() : Set.of();
      return spec.withImpl(new ImplChoice(other.name(), opts));
    }
    if (!ImplementationCatalog.installed(recorded)) {
      throw new BadInputException(file + " was recorded with implementation '" + recorded + "'"
          + (cx.implVersion() == null ? "" : " " + cx.implVersion()) + ", which is not installed (found: "
          + String.join(", ", ImplementationCatalog.names()) + "); add it with --classpath PATHS");
    }
    String installed = ImplementationCatalog.version(recorded);
    if (cx.implVersion() != null && !cx.implVersion().equals(installed)) {
      System.err.println("raftsim: warning: " + file + " was recorded with " + recorded + " " + cx.implVersion()
          + ", this is " + recorded + " " + installed + ": the run may differ");
    }
    return spec;
  }

  static List<String> optionNames(RaftImplementation r) {
    List<String> names = new ArrayList<>();
    for (ImplementationOption o : r.options()) {
      names.add(o.name());
    }
    return names;
  }

  static EnumSet<PlantedBug> none() {
    return EnumSet.noneOf(PlantedBug.class);
  }
}
