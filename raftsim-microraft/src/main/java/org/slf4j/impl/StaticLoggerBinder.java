package org.slf4j.impl;

import org.slf4j.ILoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/**
 * slf4j 1.7's binding point, found by {@code LoggerFactory} on the classpath: MicroRaft's log goes to {@link
 * SimLogger}, silent unless asked for (see {@code dev.raftsim.microraft.internal.Logging}). Without a binding slf4j
 * would print a warning on every start of the CLI.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
  /** The slf4j API version this binding is compiled against. */
  public static String REQUESTED_API_VERSION = "1.6.99";

  private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();
  private final ILoggerFactory factory = SimLogger::new;

  public static StaticLoggerBinder getSingleton() {
    return SINGLETON;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public String getLoggerFactoryClassStr() {
    return SimLogger.class.getName();
  }
}
