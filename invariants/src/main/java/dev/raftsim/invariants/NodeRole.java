package dev.raftsim.invariants;

public enum NodeRole {
  FOLLOWER,
  CANDIDATE,
  LEADER
}
