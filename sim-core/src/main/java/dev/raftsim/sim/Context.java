package dev.raftsim.sim;

/** What a process may do: its only door to the simulated world. Valid only during the callback it was passed to. */
public interface Context<M> {
  int self();

  /** Virtual time in microseconds. */
  long now();

  /**
   * This process's own clock in microseconds: it starts with {@link #now()} and runs at the rate its clock skew
   * gives it (the rate at which its timers run), so two skewed processes' clocks drift apart.
   */
  default long localNow() {
    return now();
  }

  void send(int to, M message);

  /** Arms timer {@code timer} to fire after {@code delayMicros} (scaled by the node's clock skew), replacing any earlier arming. */
  void setTimer(int timer, long delayMicros);

  void cancelTimer(int timer);

  /**
   * Arms timer {@code timer} to fire at virtual time {@code atMicros} exactly (no skew applied: the caller already
   * converted a local delay with {@link #scaledDelay}), replacing any earlier arming. For hosts that multiplex many
   * tasks on one timer.
   */
  default void setTimerAt(int timer, long atMicros) {
    throw new UnsupportedOperationException("setTimerAt");
  }

  /** A delay on this process's clock as virtual time: what {@link #setTimer} would wait for {@code delayMicros}. */
  default long scaledDelay(long delayMicros) {
    return delayMicros;
  }

  /** Appends a record to this process's storage; it survives a crash only once synced (or written back). */
  void write(Object record);

  /** Makes every record written so far durable. */
  void sync();

  /** This process's own random stream (e.g. for randomised election timeouts), stable across its restarts. */
  Prng random();

  /** True while a trace is being recorded: processes may then add notes. */
  boolean tracing();

  /** Adds a note to the recorded trace (role changes, client operations). Not part of the digest. */
  void note(String text);
}
