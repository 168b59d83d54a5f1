package dev.raftsim.cli;

import dev.raftsim.reports.Reports;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The failure report (HTML, JSON, ShiViz) for callers outside the CLI, such as the test library. The spec is re-run
 * with the trace on under the same {@link RunOptions} as the failing run, so a user's invariants and workload show.
 */
public final class RunReports {
  private RunReports() {}

  /** Writes {@code base}.html/.json/.shiviz into {@code dir}; returns the HTML file. */
  public static Path write(RunSpec spec, RunOptions options, Path dir, String base, String replayCommand)
      throws IOException {
    return Reports.writeFailureReport(dev.raftsim.scenarios.FailureReports.buildReport(spec, options, replayCommand), dir, base).html();
  }
}
