package dev.raftsim.microraft.internal;

import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.executor.RaftNodeExecutor;
import io.microraft.impl.RaftNodeImpl;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RestoredRaftState;
import io.microraft.report.RaftNodeReportListener;
import io.microraft.statemachine.StateMachine;
import io.microraft.transport.Transport;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.Random;

/**
 * Builds {@code RaftNodeImpl}s. MicroRaft's public builder ({@code RaftNode.newBuilder()}) creates, in its field
 * initialisers, a {@code DefaultRaftNodeExecutor} (whose {@code ThreadGroup} JDK 17 keeps for the life of the JVM:
 * one leak per node incarnation, millions in a campaign) and an unseeded {@code java.util.Random}, before the
 * adapter replaces both. The adapter therefore calls the two package-private constructors the builder calls, with
 * the same arguments the builder would pass (an internal of MicroRaft, reached by reflection once per JVM).
 */
final class Nodes {
  private static final Constructor<RaftNodeImpl> FRESH;
  private static final Constructor<RaftNodeImpl> RESTORED;

  static {
    try {
      FRESH = RaftNodeImpl.class.getDeclaredConstructor(Object.class, RaftEndpoint.class, RaftGroupMembersView.class,
          RaftConfig.class, RaftNodeExecutor.class, StateMachine.class, Transport.class, RaftModelFactory.class,
          RaftStore.class, RaftNodeReportListener.class, Random.class, Clock.class);
      RESTORED = RaftNodeImpl.class.getDeclaredConstructor(Object.class, RestoredRaftState.class, RaftConfig.class,
          RaftNodeExecutor.class, StateMachine.class, Transport.class, RaftModelFactory.class, RaftStore.class,
          RaftNodeReportListener.class, Random.class, Clock.class);
      FRESH.setAccessible(true);
      RESTORED.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError("MicroRaft's RaftNodeImpl constructors changed (not 0.7?): " + e);
    }
  }

  private Nodes() {}

  static RaftNodeImpl fresh(Object group, RaftEndpoint self, RaftGroupMembersView initial, RaftConfig config,
      RaftNodeExecutor executor, StateMachine machine, Transport transport, RaftModelFactory factory,
      RaftStore store, RaftNodeReportListener listener, Random random, Clock clock) {
    return make(FRESH, group, self, initial, config, executor, machine, transport, factory, store, listener, random,
        clock);
  }

  static RaftNodeImpl restored(Object group, RestoredRaftState restored, RaftConfig config,
      RaftNodeExecutor executor, StateMachine machine, Transport transport, RaftModelFactory factory,
      RaftStore store, RaftNodeReportListener listener, Random random, Clock clock) {
    return make(RESTORED, group, restored, config, executor, machine, transport, factory, store, listener, random,
        clock);
  }

  private static RaftNodeImpl make(Constructor<RaftNodeImpl> c, Object... args) {
    try {
      return c.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(t);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a MicroRaft node: " + e, e);
    }
  }
}
