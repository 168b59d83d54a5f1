package dev.raftsim.sim;

/** A fault action and the virtual time (microseconds) at which it happens. */
public record TimedFault(long atMicros, Fault fault) {
  public TimedFault {
    Limits.check("fault time", atMicros, 0, Limits.MAX_MICROS);
    java.util.Objects.requireNonNull(fault, "fault");
  }
}
