package dev.raftsim.spi;

/** The simulated world as a {@link RaftClient} sees it; the same rules as {@link NodeHost}. */
public interface ClientHost {
  int self();

  long now();

  void send(int to, Object message);

  void setTimer(int timer, long delayMicros);

  void cancelTimer(int timer);

  /** The retry interval the run uses. */
  long retryMicros();

  Randomness random();

  /** The command {@code seq} took effect with {@code result} (the value read, or null). */
  void completed(long seq, String result);

  boolean tracing();

  void note(String text);
}
