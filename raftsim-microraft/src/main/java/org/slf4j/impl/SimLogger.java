package org.slf4j.impl;

import dev.raftsim.microraft.internal.Logging;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;

/** A logger that prints through {@link Logging} when its level is on, and hands caught errors to the adapter. */
final class SimLogger extends MarkerIgnoringBase {
  private static final long serialVersionUID = 1L;

  SimLogger(String name) {
    this.name = name;
  }

  private void log(int level, String msg, Throwable t) {
    if (level == Logging.ERROR && t != null) {
      Logging.caught(t);
    }
    if (Logging.enabled(level)) {
      Logging.print(name, level, msg, t);
    }
  }

  private void format(int level, FormattingTuple f) {
    log(level, f.getMessage(), f.getThrowable());
  }

  @Override
  public boolean isTraceEnabled() {
    return Logging.enabled(Logging.TRACE);
  }

  @Override
  public void trace(String msg) {
    if (Logging.enabled(Logging.TRACE)) {
      log(Logging.TRACE, msg, null);
    }
  }

  @Override
  public void trace(String format, Object arg) {
    if (Logging.enabled(Logging.TRACE)) {
      format(Logging.TRACE, MessageFormatter.format(format, arg));
    }
  }

  @Override
  public void trace(String format, Object arg1, Object arg2) {
    if (Logging.enabled(Logging.TRACE)) {
      format(Logging.TRACE, MessageFormatter.format(format, arg1, arg2));
    }
  }

  @Override
  public void trace(String format, Object... args) {
    if (Logging.enabled(Logging.TRACE)) {
      format(Logging.TRACE, MessageFormatter.arrayFormat(format, args));
    }
  }

  @Override
  public void trace(String msg, Throwable t) {
    if (Logging.enabled(Logging.TRACE)) {
      log(Logging.TRACE, msg, t);
    }
  }

  @Override
  public boolean isDebugEnabled() {
    return Logging.enabled(Logging.DEBUG);
  }

  @Override
  public void debug(String msg) {
    if (Logging.enabled(Logging.DEBUG)) {
      log(Logging.DEBUG, msg, null);
    }
  }

  @Override
  public void debug(String format, Object arg) {
    if (Logging.enabled(Logging.DEBUG)) {
      format(Logging.DEBUG, MessageFormatter.format(format, arg));
    }
  }

  @Override
  public void debug(String format, Object arg1, Object arg2) {
    if (Logging.enabled(Logging.DEBUG)) {
      format(Logging.DEBUG, MessageFormatter.format(format, arg1, arg2));
    }
  }

  @Override
  public void debug(String format, Object... args) {
    if (Logging.enabled(Logging.DEBUG)) {
      format(Logging.DEBUG, MessageFormatter.arrayFormat(format, args));
    }
  }

  @Override
  public void debug(String msg, Throwable t) {
    if (Logging.enabled(Logging.DEBUG)) {
      log(Logging.DEBUG, msg, t);
    }
  }

  @Override
  public boolean isInfoEnabled() {
    return Logging.enabled(Logging.INFO);
  }

  @Override
  public void info(String msg) {
    if (Logging.enabled(Logging.INFO)) {
      log(Logging.INFO, msg, null);
    }
  }

  @Override
  public void info(String format, Object arg) {
    if (Logging.enabled(Logging.INFO)) {
      format(Logging.INFO, MessageFormatter.format(format, arg));
    }
  }

  @Override
  public void info(String format, Object arg1, Object arg2) {
    if (Logging.enabled(Logging.INFO)) {
      format(Logging.INFO, MessageFormatter.format(format, arg1, arg2));
    }
  }

  @Override
  public void info(String format, Object... args) {
    if (Logging.enabled(Logging.INFO)) {
      format(Logging.INFO, MessageFormatter.arrayFormat(format, args));
    }
  }

  @Override
  public void info(String msg, Throwable t) {
    if (Logging.enabled(Logging.INFO)) {
      log(Logging.INFO, msg, t);
    }
  }

  @Override
  public boolean isWarnEnabled() {
    return Logging.enabled(Logging.WARN);
  }

  @Override
  public void warn(String msg) {
    if (Logging.enabled(Logging.WARN)) {
      log(Logging.WARN, msg, null);
    }
  }

  @Override
  public void warn(String format, Object arg) {
    if (Logging.enabled(Logging.WARN)) {
      format(Logging.WARN, MessageFormatter.format(format, arg));
    }
  }

  @Override
  public void warn(String format, Object arg1, Object arg2) {
    if (Logging.enabled(Logging.WARN)) {
      format(Logging.WARN, MessageFormatter.format(format, arg1, arg2));
    }
  }

  @Override
  public void warn(String format, Object... args) {
    if (Logging.enabled(Logging.WARN)) {
      format(Logging.WARN, MessageFormatter.arrayFormat(format, args));
    }
  }

  @Override
  public void warn(String msg, Throwable t) {
    if (Logging.enabled(Logging.WARN)) {
      log(Logging.WARN, msg, t);
    }
  }

  @Override
  public boolean isErrorEnabled() {
    return Logging.enabled(Logging.ERROR);
  }

  @Override
  public void error(String msg) {
    if (true) {
      log(Logging.ERROR, msg, null);
    }
  }

  @Override
  public void error(String format, Object arg) {
    if (true) {
      format(Logging.ERROR, MessageFormatter.format(format, arg));
    }
  }

  @Override
  public void error(String format, Object arg1, Object arg2) {
    if (true) {
      format(Logging.ERROR, MessageFormatter.format(format, arg1, arg2));
    }
  }

  @Override
  public void error(String format, Object... args) {
    if (true) {
      format(Logging.ERROR, MessageFormatter.arrayFormat(format, args));
    }
  }

  @Override
  public void error(String msg, Throwable t) {
    if (true) {
      log(Logging.ERROR, msg, t);
    }
  }
}
