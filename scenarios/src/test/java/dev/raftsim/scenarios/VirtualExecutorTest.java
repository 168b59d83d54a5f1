package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.MessageFormat;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftImplementation;
import dev.raftsim.spi.RaftServer;
import dev.raftsim.spi.Role;
import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.NetworkParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host's executor semantics an implementation relies on: {@code execute} tasks run right after the call that
 * submitted them, in order; scheduled tasks run at their virtual due time, ties in submission order.
 */
class VirtualExecutorTest {
  /** What the tasks of node 0 saw, in order: "label@time". */
  private static final List<String> seen = new ArrayList<>();

  /** A server that only schedules tasks and records when they run; never leads. */
  public static final class Recorder implements RaftImplementation {
    @Override
    public String name() {
      return "test-recorder";
    }

    @Override
    public String version() {
      return "1";
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
          return 0;
        }

        @Override
        public String summary(Object m) {
          return "";
        }
      };
    }

    @Override
    public RaftServer newServer(NodeSetup setup, NodeHost host) {
      return new RaftServer() {
        @Override
        public void start() {
          if (setup.id() != 0) {
            return;
          }
          host.executor().schedule(() -> seen.add("b@" + host.now()), 2_000);
          host.executor().schedule(() -> seen.add("a@" + host.now()), 1_000);
          host.executor().schedule(() -> seen.add("b2@" + host.now()), 2_000);
          host.executor().schedule(() -> {
            seen.add("c@" + host.now());
            host.executor().execute(() -> seen.add("c-then@" + host.now()));
            host.executor().schedule(() -> seen.add("d@" + host.now()), 0);
          }, 3_000);
          host.executor().execute(() -> seen.add("now@" + host.now()));
          seen.add("start@" + host.now());
        }

        @Override
        public void onMessage(int from, Object message) {}

        @Override
        public void onTimer(int timer) {}

        @Override
        public void onClientCommand(ClientCommand command) {
          host.reply(command.clientId(), command.seq(), false, null, -1);
        }

        @Override
        public Role role() {
          return Role.FOLLOWER;
        }

        @Override
        public long currentTerm() {
          return 0;
        }

        @Override
        public int votedFor() {
          return -1;
        }

        @Override
        public int lastIndex() {
          return 0;
        }

        @Override
        public long termAt(int index) {
          return 0;
        }

        @Override
        public long entryDigest(int index) {
          return 0;
        }

        @Override
        public String describeEntry(int index) {
          return "";
        }

        @Override
        public ClientCommand entryCommand(int index) {
          return null;
        }

        @Override
        public int commitIndex() {
          return 0;
        }

        @Override
        public int lastApplied() {
          return 0;
        }

        @Override
        public int logChangedFrom() {
          return 1;
        }

        @Override
        public void markObserved() {}
      };
    }
  }

  @Test
  void tasksRunInSubmissionOrderAtTheirDueTime() {
    ImplementationCatalog.register(new Recorder());
    seen.clear();
    RunSpec spec = new RunSpec(1, ClusterConfig.defaults(3).withClients(0),
        new FaultPlan(NetworkParams.calm(), List.of(), Long.MAX_VALUE), 10_000, "none",
        ImplChoice.named("test-recorder"));
    RunResult r = Simulator.run(spec, RunOptions.defaults().withLiveness(false).withLinearizability(false));
    assertNull(r.violation());
    assertEquals(List.of("start@0", "now@0", "a@1000", "b@2000", "b2@2000", "c@3000", "c-then@3000", "d@3000"), seen);
    assertTrue(r.events() > 0);
  }
}
