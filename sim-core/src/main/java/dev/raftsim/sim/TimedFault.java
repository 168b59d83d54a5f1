package dev.raftsim.sim;

/** A fault action and the virtual time (microseconds) at which it happens. */
public record TimedFault(long atMicros, Fault fault) {
  public TimedFault {
    if (atMicros < 0) {
      throw new IllegalArgumentException("fault time must be >= 0: " + atMicros);
    }
    java.util.Objects.requireNonNull(fault, "fault");
  }
}
