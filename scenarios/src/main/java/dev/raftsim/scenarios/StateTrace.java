package dev.raftsim.scenarios;

import dev.raftsim.scenarios.internal.StateTracer;
import dev.raftsim.reports.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * The state trace of a run (docs/reports.md): NDJSON with every touched server's state after every event, so that
 * anyone can re-check the run's safety properties from the file alone. Re-running a spec with the state trace on
 * gives the same run (same events, same digest) as without it.
 */
public final class StateTrace {
  private StateTrace() {}

  /** Runs {@code spec} writing its state trace to {@code out} (not closed). */
  public static RunResult run(RunSpec spec, RunOptions options, Writer out) {
    StateTracer tracer = new StateTracer(out);
    return Simulator.run(spec, options, cluster -> cluster.traceStates(tracer));
  }

  /**
   * Runs {@code spec} writing its state trace to {@code file}, atomically ({@link AtomicFiles}): it is streamed to a
   * temporary file beside it and renamed into place once complete, so a reader never sees half a trace.
   */
  public static RunResult write(RunSpec spec, RunOptions options, Path file) throws IOException {
    RunResult[] result = new RunResult[1];
    AtomicFiles.write(file, w -> {
      try {
        result[0] = run(spec, options, w);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    });
    return result[0];
  }
}
