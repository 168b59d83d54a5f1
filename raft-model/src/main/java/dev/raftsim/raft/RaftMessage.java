package dev.raftsim.raft;

/** The four Raft RPC messages exchanged between servers; each carries the sender's term. */
public sealed interface RaftMessage extends Message
    permits RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply {

  /** The sender's currentTerm when it sent the message. */
  long term();

  /** The sending server's id (candidateId, voterId, leaderId or followerId). */
  int senderId();
}
