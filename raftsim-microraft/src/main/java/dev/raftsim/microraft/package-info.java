/**
 * MicroRaft 0.7 ({@code io.microraft:microraft}, the published jar) under raftsim: {@link
 * dev.raftsim.microraft.MicroRaftImplementation} is the SPI plug-in named {@code microraft}, registered for {@link
 * java.util.ServiceLoader}. What MicroRaft is given (executor, clock, random, transport, store, state machine) and
 * what is read back for the checkers lives in {@code dev.raftsim.microraft.internal}; docs/microraft.md says which
 * MicroRaft internals the adapter reads and why.
 */
package dev.raftsim.microraft;
