package dev.raftsim.microraft.internal;

import java.util.Locale;

/**
 * MicroRaft's slf4j output. Silent by default; {@code RAFTSIM_MICRORAFT_LOG=info|debug} in the environment, or the
 * implementation option {@code log} / {@code log-debug} of a run, prints it on stderr. An ERROR that MicroRaft logs
 * with an exception (it catches every exception of a message handler, a task or the state machine and logs it) is
 * also kept for the thread, and the adapter rethrows it after the task: raftsim then reports it as a finding about
 * MicroRaft instead of the run going on silently.
 */
public final class Logging {
  public static final int OFF = 0;
  public static final int ERROR = 1;
  public static final int WARN = 2;
  public static final int INFO = 3;
  public static final int DEBUG = 4;
  public static final int TRACE = 5;

  private static volatile int level = parse(System.getenv("RAFTSIM_MICRORAFT_LOG"));
  private static final ThreadLocal<Throwable> CAUGHT = new ThreadLocal<>();

  private Logging() {}

  static int parse(String s) {
    if (s == null) {
      return OFF;
    }
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "error":
        return ERROR;
      case "warn":
        return WARN;
      case "info":
      case "true":
      case "1":
        return INFO;
      case "debug":
        return DEBUG;
      case "trace":
        return TRACE;
      default:
        return OFF;
    }
  }

  /** Raises the printed level for the rest of this JVM (a run's {@code log} option). */
  public static void atLeast(int l) {
    if (l > level) {
      level = l;
    }
  }

  public static boolean enabled(int l) {
    return l <= level;
  }

  public static void print(String logger, int l, String text, Throwable t) {
    String name = logger.substring(logger.lastIndexOf('.') + 1);
    StringBuilder sb = new StringBuilder("microraft ").append(l == ERROR ? "ERROR" : l == WARN ? "WARN" : l == INFO
        ? "INFO" : "DEBUG").append(' ').append(name).append(": ").append(text);
    if (t != null) {
      sb.append(" (").append(t).append(')');
    }
    System.err.println(sb);
  }

  /** MicroRaft logged an error with an exception it caught. */
  public static void caught(Throwable t) {
    if (CAUGHT.get() == null) {
      CAUGHT.set(t);
    }
  }

  /** The exception MicroRaft caught and logged in this thread since the last call, or null. */
  static Throwable takeCaught() {
    Throwable t = CAUGHT.get();
    if (t != null) {
      CAUGHT.remove();
    }
    return t;
  }
}
