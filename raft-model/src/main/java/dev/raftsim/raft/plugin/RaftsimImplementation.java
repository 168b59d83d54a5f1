package dev.raftsim.raft.plugin;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.ProtocolOptions;
import dev.raftsim.raft.ReadMode;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.kv.KvServer;
import dev.raftsim.spi.ClientHost;
import dev.raftsim.spi.ImplementationOption;
import dev.raftsim.spi.MessageFormat;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftClient;
import dev.raftsim.spi.RaftImplementation;
import dev.raftsim.spi.RaftServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;

/** raftsim's own Raft as an SPI implementation: {@code --impl raftsim}, the default. */
public final class RaftsimImplementation implements RaftImplementation {
  public static final String NAME = "raftsim";
  private static final String VERSION = readVersion();
  private static final List<ImplementationOption> OPTIONS = options(PlantedBug.values());

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public String description() {
    return "raftsim's own Raft model (RaftNode + KV server), with its planted bugs as options";
  }

  @Override
  public List<ImplementationOption> options() {
    return OPTIONS;
  }

  @Override
  public MessageFormat messageFormat() {
    return RaftsimMessages.INSTANCE;
  }

  @Override
  public int timers() {
    return 2;
  }

  @Override
  public RaftServer newServer(NodeSetup setup, NodeHost host) {
    RaftConfig cfg = raftConfig(setup);
    KvServer server;
    if (setup.incarnation() == 0) {
      server = new KvServer(setup.id(), cfg, setup.settings().snapshotEvery());
    } else {
      PersistRecord.Recovered r = PersistRecord.recover(setup.durableRecords());
      server = KvServer.restore(setup.id(), cfg, setup.settings().snapshotEvery(), r.term(), r.votedFor(),
          r.snapshot(), r.log());
    }
    return new RaftsimServer(server, host, setup.settings());
  }

  /** Restarts read the journal back: compacted, a long run with crashes stays as fast and small as a short one. */
  @Override
  public java.util.function.UnaryOperator<List<Object>> journalCompactor() {
    return PersistRecord::compact;
  }

  @Override
  public boolean ownClientProtocol() {
    return true;
  }

  @Override
  public RaftClient newClient(int clientId, int clusterSize, ClientHost host) {
    return new RaftsimClient(clientId, clusterSize, host);
  }

  @Override
  public int clientTimers() {
    return 1;
  }

  /** The model's configuration for a node: the run's knobs, and the options as planted bugs. */
  public static RaftConfig raftConfig(NodeSetup setup) {
    EnumSet<PlantedBug> bugs = EnumSet.noneOf(PlantedBug.class);
    for (String o : setup.options()) {
      bugs.add(PlantedBug.fromCliName(o)
          .orElseThrow(() -> new IllegalArgumentException("raftsim has no option '" + o + "'")));
    }
    NodeSetup.Settings s = setup.settings();
    RaftConfig cfg = new RaftConfig(setup.clusterSize(), s.noOpOnElection(), s.maxEntriesPerAppend(), bugs)
        .withInitialVoters(setup.initialVoters());
    if (s.extensions()) {
      cfg = cfg.withOptions(new ProtocolOptions(ReadMode.fromCliName(s.readMode()), s.preVote(), s.checkQuorum(),
          s.electionMinMicros(), s.clockDriftPermille()));
    }
    return cfg;
  }

  private static List<ImplementationOption> options(PlantedBug[] bugs) {
    List<ImplementationOption> list = new ArrayList<>();
    for (PlantedBug b : bugs) {
      list.add(new ImplementationOption(b.cliName(), b.description()));
    }
    return List.copyOf(list);
  }

  private static String readVersion() {
    try (InputStream in = RaftsimImplementation.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
