package dev.raftsim.sim;

/**
 * The legal ranges of the kernel's inputs. Every value read from a file or the command line is checked against
 * them where it is constructed, so that no input can overflow the clock's arithmetic or make time stand still.
 */
public final class Limits {
  /** The longest virtual time anything may name (a run, a fault's time, a duration): about 11.6 days. */
  public static final long MAX_MICROS = 1_000_000_000_000L;
  /** The longest one-way network delay or exponential mean: one hour. */
  public static final long MAX_DELAY_MICROS = 3_600_000_000L;
  /** Clock skew, as permille of real speed: from a hundredth to a hundred times. */
  public static final int MIN_SKEW_PERMILLE = 10;
  public static final int MAX_SKEW_PERMILLE = 100_000;

  private Limits() {}

  /** Checks {@code min <= value <= max}; the exception's message names the field and its range. */
  public static long check(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", got " + value);
    }
    return value;
  }
}
