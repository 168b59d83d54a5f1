/**
 * The implementation SPI: how raftsim hosts a Raft implementation, its own or yours. Start at {@link
 * dev.raftsim.spi.RaftImplementation} (the plug-in, found by name through {@link java.util.ServiceLoader}), which
 * creates a {@link dev.raftsim.spi.RaftServer} per node incarnation; the host gives each server a {@link
 * dev.raftsim.spi.NodeHost} (network, timers on virtual time, an executor, a durable store, randomness) and reads it
 * back through {@link dev.raftsim.spi.NodeState} after every event. Everything here is plain Java with no
 * dependencies, so an adapter depends on this package alone.
 *
 * <p>Both ends of the design space fit: a pure step function (etcd-io/raft style) reacts to {@code onMessage},
 * {@code onTimer} and {@code onClientCommand} and emits its effects through the host during the call; a library
 * that schedules its own work (MicroRaft style) is built on the host's {@link dev.raftsim.spi.VirtualExecutor},
 * {@link dev.raftsim.spi.DurableStore} and {@link dev.raftsim.spi.Randomness}.
 */
package dev.raftsim.spi;
