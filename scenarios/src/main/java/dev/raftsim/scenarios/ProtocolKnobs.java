package dev.raftsim.scenarios;

import dev.raftsim.raft.ReadMode;

/**
 * The cluster's protocol beyond Figure 2: how GETs are answered, PreVote, CheckQuorum, and the clock-drift bound the
 * lease assumes. {@link #PLAIN} (reads through the log, neither option) is what every profile but swarm runs, so
 * their runs are those of a Figure 2 Raft.
 *
 * @param readMode how leaders answer GETs
 * @param preVote whether elections start with a pre-vote round
 * @param checkQuorum whether leaders step down without a quorum, and followers that hear a leader refuse votes
 * @param clockDriftPermille the drift bound the lease assumes: no clock runs more than this many thousandths as
 *     fast as another. The default, 2000, covers the skew fault's range (700 to 1400 permille); a smaller bound
 *     than the skew in a schedule is the documented way to make lease reads unsafe.
 */
public record ProtocolKnobs(ReadMode readMode, boolean preVote, boolean checkQuorum, int clockDriftPermille) {
  public static final int DEFAULT_DRIFT_PERMILLE = 2000;
  public static final ProtocolKnobs PLAIN = new ProtocolKnobs(ReadMode.LOG, false, false, DEFAULT_DRIFT_PERMILLE);

  public ProtocolKnobs {
    if (readMode == null) {
      throw new IllegalArgumentException("read mode must not be null");
    }
    if (clockDriftPermille < 1000 || clockDriftPermille > 100_000) {
      throw new IllegalArgumentException("clock drift bound must be in 1000..100000 permille, got "
          + clockDriftPermille);
    }
  }

  public ProtocolKnobs withReadMode(ReadMode m) {
    return new ProtocolKnobs(m, preVote, checkQuorum, clockDriftPermille);
  }

  public ProtocolKnobs withPreVote(boolean on) {
    return new ProtocolKnobs(readMode, on, checkQuorum, clockDriftPermille);
  }

  public ProtocolKnobs withCheckQuorum(boolean on) {
    return new ProtocolKnobs(readMode, preVote, on, clockDriftPermille);
  }

  public ProtocolKnobs withClockDriftPermille(int permille) {
    return new ProtocolKnobs(readMode, preVote, checkQuorum, permille);
  }

  /** "reads lease, prevote, checkquorum, drift 2000‰"; empty when plain. */
  public String describe() {
    if (equals(PLAIN)) {
      return "";
    }
    return "reads " + readMode.cliName() + (preVote ? ", prevote" : "") + (checkQuorum ? ", checkquorum" : "")
        + (clockDriftPermille == DEFAULT_DRIFT_PERMILLE ? "" : ", drift bound " + clockDriftPermille + "‰");
  }
}
