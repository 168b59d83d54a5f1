package dev.raftsim.sim;

/**
 * How the network treats every message: a one-way delay of {@code minDelayMicros} plus an exponential tail with
 * mean {@code meanExtraDelayMicros} (random delays reorder messages unless {@code fifo}), and independent drop and
 * duplication probabilities.
 */
public record NetworkParams(
    long minDelayMicros, long meanExtraDelayMicros, double dropProbability, double duplicateProbability, boolean fifo) {

  public NetworkParams {
    Limits.check("minDelayMicros", minDelayMicros, 0, Limits.MAX_DELAY_MICROS);
    Limits.check("meanExtraDelayMicros", meanExtraDelayMicros, 0, Limits.MAX_DELAY_MICROS);
    if (!(dropProbability >= 0 && dropProbability <= 1) || !(duplicateProbability >= 0 && duplicateProbability <= 1)) {
      throw new IllegalArgumentException("probabilities must be in [0, 1]");
    }
  }

  /** A quiet LAN: 0.5 ms minimum, 1 ms mean extra delay, no loss, no duplication. */
  public static NetworkParams calm() {
    return new NetworkParams(500, 1_000, 0, 0, false);
  }

  public NetworkParams withDrop(double p) {
    return new NetworkParams(minDelayMicros, meanExtraDelayMicros, p, duplicateProbability, fifo);
  }

  public NetworkParams withDuplicate(double p) {
    return new NetworkParams(minDelayMicros, meanExtraDelayMicros, dropProbability, p, fifo);
  }

  public NetworkParams withDelay(long min, long meanExtra) {
    return new NetworkParams(min, meanExtra, dropProbability, duplicateProbability, fifo);
  }

  public NetworkParams withFifo(boolean f) {
    return new NetworkParams(minDelayMicros, meanExtraDelayMicros, dropProbability, duplicateProbability, f);
  }

  public String describe() {
    return String.format(java.util.Locale.ROOT, "delay %.1f ms + exp(%.1f ms), drop %.3f, dup %.3f%s",
        minDelayMicros / 1000.0, meanExtraDelayMicros / 1000.0, dropProbability, duplicateProbability, fifo ? ", fifo" : "");
  }
}
