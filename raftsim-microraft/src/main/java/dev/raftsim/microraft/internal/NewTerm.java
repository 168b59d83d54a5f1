package dev.raftsim.microraft.internal;

/** The operation a new MicroRaft leader appends in its term (the state machine's {@code getNewTermOperation}). */
public record NewTerm() {
  static final NewTerm INSTANCE = new NewTerm();
}
