package dev.raftsim.cli;

import java.util.List;

/** The subcommands, in the order `raftsim --help` lists them. */
final class Subcommands {
  private Subcommands() {}

  static List<Object> all() {
    return List.of(new RunCommand(), new FuzzCommand(), new ReplayCommand(), new ShrinkCommand(), new MergeCommand(), new CoverageCommand(),
        new ScenariosCommand(), new BugsCommand(), new BenchCommand(), new CheckCommand());
  }
}
