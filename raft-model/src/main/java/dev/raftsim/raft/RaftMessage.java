package dev.raftsim.raft;

/** The Raft RPC messages (Figure 2's four and Figure 13's InstallSnapshot with its reply, and the dissertation's TimeoutNow) exchanged between servers; each carries the sender's term. */
public sealed interface RaftMessage extends Message
    permits RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply, InstallSnapshot,
    InstallSnapshotReply, TimeoutNow {

  /** The sender's currentTerm when it sent the message. */
  long term();

  /** The sending server's id (candidateId, voterId, leaderId or followerId). */
  int senderId();
}
