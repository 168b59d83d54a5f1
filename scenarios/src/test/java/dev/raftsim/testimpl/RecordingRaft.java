package dev.raftsim.testimpl;

import dev.raftsim.raft.plugin.RaftsimImplementation;
import dev.raftsim.spi.ImplementationOption;
import dev.raftsim.spi.MembershipChange;
import dev.raftsim.spi.MessageFormat;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftImplementation;
import dev.raftsim.spi.RaftServer;
import dev.raftsim.spi.Role;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * raftsim's own Raft with the membership calls recorded: every {@code changeMembership} and {@code
 * transferLeadership} the host makes, with the server's role when asked, is kept (and accepted when it leads), so a
 * test can assert what the reconfiguration client asked of whom. It changes nothing: it reports no membership.
 */
public final class RecordingRaft implements RaftImplementation {
  public static final String NAME = "test-recording";

  /** One call: the server asked, whether it led then, and the request (a change, or the transfer's target). */
  public record Call(int server, boolean leader, long initialVoters, MembershipChange change, int transferTo) {}

  private final RaftsimImplementation inner = new RaftsimImplementation();
  private final List<Call> calls = new ArrayList<>();

  public synchronized List<Call> takeCalls() {
    List<Call> out = List.copyOf(calls);
    calls.clear();
    return out;
  }

  private synchronized void record(Call c) {
    calls.add(c);
  }

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
    return inner.options();
  }

  @Override
  public MessageFormat messageFormat() {
    return inner.messageFormat();
  }

  @Override
  public int timers() {
    return inner.timers();
  }

  @Override
  public boolean ownClientProtocol() {
    return inner.ownClientProtocol();
  }

  @Override
  public dev.raftsim.spi.RaftClient newClient(int id, int servers, dev.raftsim.spi.ClientHost host) {
    return inner.newClient(id, servers, host);
  }

  @Override
  public int clientTimers() {
    return inner.clientTimers();
  }

  @Override
  public java.util.function.UnaryOperator<List<Object>> journalCompactor() {
    return inner.journalCompactor();
  }

  @Override
  public RaftServer newServer(NodeSetup setup, NodeHost host) {
    RaftServer server = inner.newServer(setup, host);
    return (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class},
        (proxy, method, args) -> {
          if (method.getName().equals("changeMembership")) {
            boolean leads = server.role() == Role.LEADER;
            record(new Call(setup.id(), leads, setup.initialVoters(), (MembershipChange) args[0], -1));
            return leads;
          }
          if (method.getName().equals("transferLeadership")) {
            boolean leads = server.role() == Role.LEADER;
            record(new Call(setup.id(), leads, setup.initialVoters(), null, (Integer) args[0]));
            return leads;
          }
          try {
            return method.invoke(server, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
