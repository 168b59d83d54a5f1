package dev.raftsim.raft;

/** Key-value operations a client can submit. */
public enum Op {
  PUT,
  APPEND,
  GET
}
