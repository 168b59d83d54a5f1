package dev.raftsim.cli;

import dev.raftsim.scenarios.Campaign;
import java.io.PrintStream;
import java.util.Locale;

/** Campaign progress on stderr: a live bar on a terminal, a plain line every few seconds in CI logs. */
final class Progress {
  private final PrintStream err;
  private final long total;
  private final boolean terminal = System.console() != null;
  private final long start = System.nanoTime();
  private long lastPrint = System.nanoTime();
  private boolean barShown;

  Progress(PrintStream err, long total) {
    this.err = err;
    this.total = total;
  }

  synchronized void update(long done, long failures) {
    long now = System.nanoTime();
    long interval = terminal ? 200_000_000L : 5_000_000_000L;
    if (now - lastPrint < interval && done < total) {
      return;
    }
    lastPrint = now;
    double secs = (now - start) / 1e9;
    double rate = done / Math.max(secs, 1e-9);
    long eta = rate == 0 ? 0 : (long) ((total - done) / rate);
    if (terminal) {
      int width = 30;
      int filled = (int) (width * done / Math.max(1, total));
      err.printf(Locale.ROOT, "\r[%s%s] %d/%d  %.0f schedules/s  ETA %ds  failures %d ", "#".repeat(filled),
          ".".repeat(width - filled), done, total, rate, eta, failures);
      barShown = true;
    } else {
      err.printf(Locale.ROOT, "progress: %d/%d schedules, %.0f schedules/s, ETA %ds, failures %d%n", done, total, rate,
          eta, failures);
    }
  }

  /**
   * A failure as found (its schedule's own seed), then, once shrunk, as it is shown everywhere else: the shrunk run's
   * seed, sentence and size, with the found run as its origin.
   */
  synchronized void failure(Campaign.FailureRecord f) {
    clearBar();
    if (f.shrunk()) {
      err.printf(Locale.ROOT, "failure #%d shrunk %s -> %s: seed %d: %s: %s -> %s (found as seed %d)%n", f.index(),
          Plural.events(f.found().events()), Plural.events(f.events()), f.seed(), f.invariant(), f.message(),
          f.file(), f.found().seed());
      for (String note : f.shrinkNotes()) {
        err.println("  shrink: " + note);
      }
    } else {
      err.printf(Locale.ROOT, "failure #%d found (seed %d): %s: %s%n", f.index(), f.seed(), f.invariant(), f.message());
    }
  }

  synchronized void finish() {
    clearBar();
  }

  private void clearBar() {
    if (barShown) {
      err.print("\r" + " ".repeat(100) + "\r");
      barShown = false;
    }
  }
}
