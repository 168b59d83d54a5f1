package dev.raftsim.raft;

/** A Raft node's role. */
public enum Role {
  FOLLOWER,
  CANDIDATE,
  LEADER
}
