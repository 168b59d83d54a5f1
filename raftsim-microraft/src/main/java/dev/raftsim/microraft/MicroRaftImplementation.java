package dev.raftsim.microraft;

import dev.raftsim.microraft.internal.Formats;
import dev.raftsim.microraft.internal.MicroRaftServer;
import dev.raftsim.microraft.internal.Tuning;
import dev.raftsim.spi.ImplementationOption;
import dev.raftsim.spi.MessageFormat;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftImplementation;
import dev.raftsim.spi.RaftServer;
import java.util.List;

/**
 * MicroRaft 0.7 hosted through the SPI: {@code ./raftsim run --impl microraft}. Each node is a real {@code
 * RaftNodeImpl} driven on the node's virtual executor, clock and random stream; its messages travel through the
 * simulated network, its store is the node's simulated disk, and its state machine is the KV workload's. The
 * node's {@code RaftConfig} is drawn per schedule from the run's settings ({@link Tuning}).
 *
 * <p>What the checkers cannot judge for MicroRaft is listed in {@link #NOT_JUDGED} and printed by {@code run} and
 * {@code fuzz} through {@link #description()}.
 */
public final class MicroRaftImplementation implements RaftImplementation {
  /** The MicroRaft release this adapter is built and tested against (pinned in the parent pom). */
  public static final String MICRORAFT_VERSION = "0.7";

  /** Invariants that are not judged for MicroRaft, and why (also in docs/findings/microraft.md). */
  public static final String NOT_JUDGED = "MatchIndexMonotonic is not judged (leader progress is not reported: "
      + "MicroRaft's matchIndex is internal and may be reset by a snapshot transfer); PreVote/CheckQuorum knobs are "
      + "MicroRaft's own (always on), so runs drawn with them off still have them; reads with "
      + "EVENTUAL_CONSISTENCY are never issued (not linearizable by design)";

  /** Option: log the entire slf4j output of MicroRaft (info and above) on stderr for this run. */
  public static final String LOG = "log";

  /** Option: as LOG, with debug. */
  public static final String LOG_DEBUG = "log-debug";

  /**
   * Switches MicroRaft's own {@code assert}s on (before its classes initialise): they are its expectations of
   * itself, checked in every run, so a run behaves the same under the CLI ({@code java -jar}, no {@code -ea}) as under
   * the tests. A failed one is caught and logged by MicroRaft and becomes a finding ({@code Logging}).
   */
  public MicroRaftImplementation() {
    ClassLoader loader = MicroRaftImplementation.class.getClassLoader();
    if (loader != null) {
      loader.setPackageAssertionStatus("io.microraft", true);
    }
  }

  @Override
  public String name() {
    return "microraft";
  }

  @Override
  public String version() {
    return MICRORAFT_VERSION;
  }

  @Override
  public String description() {
    return "MicroRaft " + MICRORAFT_VERSION + " (io.microraft:microraft) through raftsim's SPI; not judged: "
        + NOT_JUDGED;
  }

  @Override
  public List<ImplementationOption> options() {
    return List.of(
        new ImplementationOption(LOG, "show MicroRaft's slf4j log (info and above) on stderr for this run "
            + "(also: environment RAFTSIM_MICRORAFT_LOG=info|debug)"),
        new ImplementationOption(LOG_DEBUG, "show MicroRaft's slf4j log down to debug on stderr for this run"));
  }

  @Override
  public MessageFormat messageFormat() {
    return Formats.FORMAT;
  }

  /** MicroRaft schedules its own work on the executor; it needs no named timer. */
  @Override
  public int timers() {
    return 1;
  }

  @Override
  public RaftServer newServer(NodeSetup setup, NodeHost host) {
    return new MicroRaftServer(setup, host, Tuning.of(setup.settings()));
  }
}
