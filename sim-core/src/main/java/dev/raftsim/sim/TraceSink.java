package dev.raftsim.sim;

/** Receives every trace record while a trace is being recorded. */
@FunctionalInterface
public interface TraceSink {
  void record(TraceEvent event);
}
