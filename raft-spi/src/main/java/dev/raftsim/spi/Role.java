package dev.raftsim.spi;

/** A server's role as the checkers see it. */
public enum Role {
  FOLLOWER,
  CANDIDATE,
  LEADER
}
