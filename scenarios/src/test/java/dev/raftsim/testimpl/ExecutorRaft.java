package dev.raftsim.testimpl;

import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.Command;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.RaftOutput;
import dev.raftsim.raft.kv.KvStateMachine;
import dev.raftsim.raft.plugin.PersistRecord;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.ImplementationOption;
import dev.raftsim.spi.KvOperation;
import dev.raftsim.spi.MessageFormat;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftImplementation;
import dev.raftsim.spi.RaftServer;
import dev.raftsim.spi.Role;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A test implementation at the SPI's other end: it schedules its own work on the host's executor (no named
 * timers), uses the host's standard client protocol and keeps its own KV state machine, around raftsim's RaftNode
 * as the consensus core. Its options plant faults of the kind the host must catch: a throw, a call after a crash,
 * and a wall-clock read (nondeterminism).
 */
public final class ExecutorRaft implements RaftImplementation {
  public static final String NAME = "test-executor";
  public static final String THROW = "throw-on-heartbeat";
  public static final String AFTER_CRASH = "send-after-crash";
  public static final String WALL_CLOCK = "wall-clock";

  /** The last incarnation's host per node: only for {@link #AFTER_CRASH}, which must misuse it. */
  private final java.util.Map<Integer, NodeHost> previous = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return "1.0-test";
  }

  @Override
  public List<ImplementationOption> options() {
    return List.of(new ImplementationOption(THROW, "a leader throws on its 5th heartbeat"),
        new ImplementationOption(AFTER_CRASH, "a restarted node sends through its crashed incarnation's host"),
        new ImplementationOption(WALL_CLOCK, "election timeouts read the wall clock"));
  }

  @Override
  public int timers() {
    return 0;
  }

  @Override
  public MessageFormat messageFormat() {
    return new MessageFormat() {
      @Override
      public long fingerprint(Object m) {
        return ((Message) m).fingerprint();
      }

      @Override
      public String summary(Object m) {
        return ((Message) m).summary();
      }
    };
  }

  @Override
  public RaftServer newServer(NodeSetup setup, NodeHost host) {
    RaftConfig cfg = new RaftConfig(setup.clusterSize(), setup.settings().noOpOnElection(),
        setup.settings().maxEntriesPerAppend(), Set.of());
    RaftNode node;
    if (setup.incarnation() == 0) {
      node = new RaftNode(setup.id(), cfg);
    } else {
      PersistRecord.Recovered r = PersistRecord.recover(setup.durableRecords());
      node = RaftNode.restore(setup.id(), cfg, r.term(), r.votedFor(), r.log());
    }
    NodeHost old = previous.put(setup.id(), host);
    return new Server(node, new KvStateMachine(cfg), host, setup, setup.has(AFTER_CRASH) && setup.incarnation() > 0 ? old : null);
  }

  private static final class Server implements RaftServer, RaftOutput {
    private final RaftNode node;
    private final KvStateMachine sm;
    private final NodeHost host;
    private final NodeSetup setup;
    private final NodeHost crashedHost;
    private final TreeMap<Integer, ClientCommand> pending = new TreeMap<>();
    private long pendingTerm;
    private int electionGeneration;
    private int heartbeatGeneration;
    private int heartbeats;

    Server(RaftNode node, KvStateMachine sm, NodeHost host, NodeSetup setup, NodeHost crashedHost) {
      this.node = node;
      this.sm = sm;
      this.host = host;
      this.setup = setup;
      this.crashedHost = crashedHost;
    }

    @Override
    public void start() {
      node.start(this);
      if (crashedHost != null) {
        crashedHost.send((setup.id() + 1) % setup.clusterSize(), new ClientRequest(setup.clusterSize(), 1, Op.GET,
            "x", null));
      }
    }

    @Override
    public void onMessage(int from, Object message) {
      node.step(from, (Message) message, this);
      failPendingIfDeposed();
    }

    @Override
    public void onTimer(int timer) {
      throw new IllegalStateException("this implementation arms no named timers, yet timer " + timer + " fired");
    }

    @Override
    public void onClientCommand(ClientCommand c) {
      if (node.role() != dev.raftsim.raft.Role.LEADER) {
        host.reply(c.clientId(), c.seq(), false, null, node.leaderHint());
        return;
      }
      for (ClientCommand p : pending.values()) {
        if (p.clientId() == c.clientId() && p.seq() == c.seq()) {
          return; // a retry of a command in the log: its apply answers
        }
      }
      KvOperation op = (KvOperation) c.operation();
      Op kind = Op.valueOf(op.kind().name());
      pending.put(node.lastIndex() + 1, c);
      pendingTerm = node.currentTerm();
      node.propose(new Command(c.clientId(), c.seq(), kind, op.key(), op.value()), this);
    }

    @Override
    public boolean campaign() {
      node.electionTimeout(this);
      return true;
    }

    private void failPendingIfDeposed() {
      if (pending.isEmpty() || (node.role() == dev.raftsim.raft.Role.LEADER && node.currentTerm() == pendingTerm)) {
        return;
      }
      for (ClientCommand c : pending.values()) {
        host.reply(c.clientId(), c.seq(), false, null, node.leaderHint());
      }
      pending.clear();
    }

    // ------------------------------------------------------------ RaftOutput

    @Override
    public void send(int to, Message m) {
      host.send(to, m);
    }

    @Override
    public void persistTermVote(long term, int votedFor) {
      host.storage().write(new PersistRecord.TermVote(term, votedFor));
    }

    @Override
    public void persistTruncate(int fromIndex) {
      host.storage().write(new PersistRecord.Truncate(fromIndex));
    }

    @Override
    public void persistAppend(int index, Entry e) {
      host.storage().write(new PersistRecord.Append(index, e));
    }

    @Override
    public void sync() {
      host.storage().sync();
    }

    @Override
    public void resetElectionTimer() {
      int g = ++electionGeneration;
      NodeSetup.Settings s = setup.settings();
      long delay = s.electionMinMicros() + host.random().nextLong(0, s.electionMaxMicros() - s.electionMinMicros());
      if (setup.has(WALL_CLOCK)) {
        delay += System.nanoTime() % 1000; // the planted nondeterminism
      }
      host.executor().schedule(() -> {
        if (g == electionGeneration) {
          node.electionTimeout(this);
          failPendingIfDeposed();
        }
      }, delay);
    }

    @Override
    public void resetHeartbeatTimer() {
      int g = ++heartbeatGeneration;
      host.executor().schedule(() -> {
        if (g == heartbeatGeneration) {
          if (setup.has(THROW) && ++heartbeats == 5) {
            throw new IllegalStateException("planted: heartbeat 5 of n" + (setup.id() + 1));
          }
          node.heartbeatTimeout(this);
          failPendingIfDeposed();
        }
      }, setup.settings().heartbeatMicros());
    }

    @Override
    public void apply(int index, Entry e) {
      Command c = e.command();
      String result = sm.apply(c);
      host.applied(index, c == null ? -1 : c.clientId(), c == null ? 0 : c.seq());
      ClientCommand p = pending.remove(index);
      if (p != null) {
        boolean ours = c != null && c.clientId() == p.clientId() && c.seq() == p.seq();
        host.reply(p.clientId(), p.seq(), ours, ours ? result : null, node.leaderHint());
      }
    }

    // ------------------------------------------------------------ NodeState

    @Override
    public Role role() {
      return Role.valueOf(node.role().name());
    }

    @Override
    public long currentTerm() {
      return node.currentTerm();
    }

    @Override
    public int votedFor() {
      return node.votedFor();
    }

    @Override
    public int lastIndex() {
      return node.lastIndex();
    }

    @Override
    public long termAt(int index) {
      return node.termAt(index);
    }

    @Override
    public long entryDigest(int index) {
      return node.entryAt(index).digest();
    }

    @Override
    public String describeEntry(int index) {
      return node.entryAt(index).describe();
    }

    @Override
    public ClientCommand entryCommand(int index) {
      Command c = node.entryAt(index).command();
      return c == null ? null : new ClientCommand(c.clientId(), c.seq(),
          new KvOperation(KvOperation.Kind.valueOf(c.op().name()), c.key(), c.value()));
    }

    @Override
    public int commitIndex() {
      return node.commitIndex();
    }

    @Override
    public int lastApplied() {
      return node.lastApplied();
    }

    @Override
    public int logChangedFrom() {
      return 1; // allowed: always correct, only slower for the checkers
    }

    @Override
    public void markObserved() {}
  }
}
