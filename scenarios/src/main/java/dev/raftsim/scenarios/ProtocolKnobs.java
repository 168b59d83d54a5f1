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
 * @param getPercent the share of GETs in the clients' workload (the rest are puts and appends, half each); reads
 *     without the log go wrong on a leader that lost its quorum, which only a client that keeps reading from it sees
 */
public record ProtocolKnobs(ReadMode readMode, boolean preVote, boolean checkQuorum, int clockDriftPermille,
    int getPercent) {
  public static final int DEFAULT_DRIFT_PERMILLE = 2000;
  public static final int DEFAULT_GET_PERCENT = 30;
  public static final ProtocolKnobs PLAIN =
      new ProtocolKnobs(ReadMode.LOG, false, false, DEFAULT_DRIFT_PERMILLE, DEFAULT_GET_PERCENT);

  public ProtocolKnobs {
    if (readMode == null) {
      throw new IllegalArgumentException("read mode must not be null");
    }
    if (clockDriftPermille < 1000 || clockDriftPermille > 100_000) {
      throw new IllegalArgumentException("clock drift bound must be in 1000..100000 permille, got "
          + clockDriftPermille);
    }
    if (getPercent < 0 || getPercent > 100) {
      throw new IllegalArgumentException("the share of GETs is a percentage, got " + getPercent);
    }
  }

  public ProtocolKnobs withGetPercent(int percent) {
    return new ProtocolKnobs(readMode, preVote, checkQuorum, clockDriftPermille, percent);
  }

  public ProtocolKnobs withReadMode(ReadMode m) {
    return new ProtocolKnobs(m, preVote, checkQuorum, clockDriftPermille, getPercent);
  }

  public ProtocolKnobs withPreVote(boolean on) {
    return new ProtocolKnobs(readMode, on, checkQuorum, clockDriftPermille, getPercent);
  }

  public ProtocolKnobs withCheckQuorum(boolean on) {
    return new ProtocolKnobs(readMode, preVote, on, clockDriftPermille, getPercent);
  }

  public ProtocolKnobs withClockDriftPermille(int permille) {
    return new ProtocolKnobs(readMode, preVote, checkQuorum, permille, getPercent);
  }

  /** "reads lease, prevote, checkquorum, drift 2000‰"; empty when plain. */
  public String describe() {
    if (equals(PLAIN)) {
      return "";
    }
    return "reads " + readMode.cliName() + (preVote ? ", prevote" : "") + (checkQuorum ? ", checkquorum" : "")
        + (clockDriftPermille == DEFAULT_DRIFT_PERMILLE ? "" : ", drift bound " + clockDriftPermille + "‰")
        + (getPercent == DEFAULT_GET_PERCENT ? "" : ", " + getPercent + "% gets");
  }
}
