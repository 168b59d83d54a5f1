package dev.raftsim.raft;

/**
 * How a leader answers a GET (dissertation §6.4). All three are linearizable in the correct model; they differ in
 * cost and in what they assume.
 */
public enum ReadMode {
  /** The GET is a log entry like any write: answered when it applies. Assumes nothing. */
  LOG("log"),
  /**
   * ReadIndex: once the leader has committed an entry of its own term, it records commitIndex, confirms that it
   * still leads with a heartbeat round acknowledged by a quorum after the read arrived, and answers once that index
   * has applied. Assumes nothing about clocks.
   */
  READ_INDEX("index"),
  /**
   * Leader lease: ReadIndex without the heartbeat round while the leader holds a lease (a quorum acknowledged a
   * round it sent less than electionTimeout / drift bound ago, by its own clock). Sound only while every clock
   * rate stays within the drift bound of every other.
   */
  LEASE("lease");

  private final String cliName;

  ReadMode(String cliName) {
    this.cliName = cliName;
  }

  /** The name in counterexamples, CLI options and reports. */
  public String cliName() {
    return cliName;
  }

  public static ReadMode fromCliName(String name) {
    for (ReadMode m : values()) {
      if (m.cliName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown read mode '" + name + "' (log, index or lease)");
  }
}
