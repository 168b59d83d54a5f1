package dev.raftsim.raft;

/**
 * The protocol coverage points of raftsim's own model (RaftNode, KvServer, KvClient): branches and situations
 * that matter to Raft's correctness, each counted when taken. A campaign that never reaches one did not test it.
 *
 * <p>{@link #sometimes()} points are expected to be hit by any long swarm campaign on the correct model (in
 * Antithesis' words, {@code sometimes} assertions): one that stays at zero means the test suite cannot reach that
 * branch. The others are reachable only with planted bugs, or are rare by design.
 */
public enum CoveragePoint {
  ELECTION_STARTED("election.started", true),
  ELECTION_RETRIED("election.retried-as-candidate", true),
  ELECTION_WON("election.won", true),
  ELECTION_WON_BY_DUPLICATE_VOTE("election.won-counting-a-duplicate-vote", false),
  VOTE_GRANTED("vote.granted", true),
  VOTE_GRANTED_LONGER_LOG("vote.granted-to-longer-log", true),
  VOTE_GRANTED_AGAIN("vote.granted-again-to-same-candidate", true),
  VOTE_REFUSED_NOT_UP_TO_DATE("vote.refused-not-up-to-date", true),
  VOTE_REFUSED_ALREADY_VOTED("vote.refused-already-voted", true),
  VOTE_REFUSED_STALE_TERM("vote.refused-stale-term", true),
  VOTE_REPLY_REFUSED("vote.reply-refused", true),
  VOTE_REPLY_STALE("vote.reply-from-earlier-election", true),
  VOTE_REPLY_DUPLICATE("vote.reply-duplicate", true),
  VOTE_REPLY_LATE("vote.reply-after-election-decided", true),
  TERM_ADOPTED_FROM_VOTE_REQUEST("term.adopted-from-vote-request", true),
  TERM_ADOPTED_FROM_APPEND("term.adopted-from-append", true),
  LEADER_STEPPED_DOWN_ON_REPLY("leader.stepped-down-on-higher-term-reply", true),
  LEADER_STEPPED_DOWN_ON_REQUEST("leader.stepped-down-on-higher-term-request", true),
  CANDIDATE_STEPPED_DOWN("candidate.stepped-down-to-same-term-leader", true),
  APPEND_REJECTED_STALE_TERM("append.rejected-stale-term", true),
  APPEND_REJECTED_MISSING_PREV("append.rejected-missing-prev", true),
  APPEND_REJECTED_TERM_MISMATCH("append.rejected-prev-term-mismatch", true),
  APPEND_HEARTBEAT("append.heartbeat-accepted", true),
  APPEND_ENTRIES("append.entries-appended", true),
  APPEND_ALREADY_PRESENT("append.entries-already-present", true),
  APPEND_CONFLICT_TRUNCATED("append.conflict-truncated", true),
  APPEND_STALE_TRUNCATED("append.stale-request-truncated", false),
  FOLLOWER_COMMIT_ADVANCED("follower.commit-advanced", true),
  FOLLOWER_COMMIT_CAPPED("follower.commit-capped-at-last-new-entry", true),
  LEADER_COMMIT_ADVANCED("leader.commit-advanced", true),
  LEADER_COMMIT_EARLIER_TERM("leader.commit-earlier-term-through-current", true),
  LEADER_COMMIT_HELD_BACK("leader.commit-held-back-old-term", true),
  LEADER_COMMIT_OLD_TERM_DIRECTLY("leader.commit-old-term-directly", false),
  LEADER_REPLY_NOTHING_NEW("leader.success-reply-moves-nothing", true),
  LEADER_BACKTRACK_BY_TERM("leader.backtrack-by-conflict-term", true),
  LEADER_BACKTRACK_BY_INDEX("leader.backtrack-by-conflict-index", true),
  LEADER_REPROBE_NO_HINT("leader.reprobe-after-hintless-reject", true),
  LEADER_STALE_REJECT_IGNORED("leader.stale-reject-ignored", true),
  LEADER_NOOP_APPENDED("leader.no-op-appended", true),
  LEADER_BATCH_CAPPED("leader.batch-capped", true),
  LEADER_STREAMS_TO_LAGGER("leader.streams-to-lagging-follower", true),
  LEADER_PROPOSED("leader.proposed", true),
  APPLIED("apply.entries", true),
  RESTORED_LOG("restart.restored-nonempty-log", true),
  RESTORED_VOTE("restart.restored-vote", true),
  KV_REFUSED_NOT_LEADER("kv.request-refused-not-leader", true),
  KV_DUPLICATE_PENDING("kv.duplicate-request-already-pending", true),
  KV_DEDUPLICATED("kv.duplicate-command-deduplicated", true),
  KV_DEPOSED_FAILED_PENDING("kv.deposed-leader-failed-pending", true),
  KV_ANSWERED_OTHER_COMMAND("kv.index-held-other-command", true),
  KV_STALE_LOCAL_READ("kv.read-served-locally", false),
  CLIENT_RETRY_TIMEOUT("client.retry-timeout", true),
  CLIENT_REDIRECTED("client.redirected-by-hint", true),
  CLIENT_REFUSED_NO_HINT("client.refused-without-hint", true),
  CLIENT_STALE_REPLY_IGNORED("client.stale-reply-ignored", true),
  CLIENT_COMPLETED_AFTER_RETRY("client.completed-after-retry", true),
  // Membership and leadership transfer: reached only by runs that reconfigure, so none is a sometimes-point.
  CONFIG_PROPOSED("config.single-server-change-proposed", false),
  CONFIG_JOINT_ENTERED("config.joint-entered", false),
  CONFIG_JOINT_LEFT("config.joint-left", false),
  CONFIG_REFUSED_IN_FLIGHT("config.refused-change-in-flight", false),
  CONFIG_REFUSED_BEFORE_TERM_COMMIT("config.refused-before-own-term-commit", false),
  CONFIG_TRUNCATED("config.truncated-previous-restored", false),
  LEARNER_STAGED("config.voter-staged-as-learner", false),
  LEARNER_PROMOTED("config.learner-promoted", false),
  LEADER_STEPPED_DOWN_REMOVED("leader.stepped-down-removed", false),
  ELECTION_SKIPPED_NOT_VOTER("election.skipped-not-a-voter", false),
  VOTE_IGNORED_LEADER_ALIVE("vote.ignored-leader-alive", false),
  VOTE_TRANSFER_NOT_IGNORED("vote.transfer-election-not-ignored", false),
  TRANSFER_STARTED("transfer.started", false),
  TRANSFER_TIMEOUT_NOW_SENT("transfer.timeout-now-sent", false),
  TRANSFER_ELECTION_STARTED("transfer.target-campaigned", false),
  TRANSFER_ABORTED("transfer.aborted", false),
  PROPOSE_REFUSED_DURING_TRANSFER("transfer.proposal-refused", false),
  // Log compaction (Figure 13), PreVote and CheckQuorum (dissertation §9.6), reads without the log (§6.4).
  SNAPSHOT_TAKEN("snapshot.taken", true),
  SNAPSHOT_SENT("snapshot.install-sent", true),
  SNAPSHOT_INSTALLED_KEEPING_SUFFIX("snapshot.installed-keeping-matching-suffix", false),
  SNAPSHOT_INSTALLED_DISCARDING_LOG("snapshot.installed-discarding-log", true),
  SNAPSHOT_INSTALL_ALREADY_COMMITTED("snapshot.install-already-committed-ignored", true),
  SNAPSHOT_INSTALL_STALE_TERM("snapshot.install-stale-term-refused", false),
  PREVOTE_STARTED("prevote.started", true),
  PREVOTE_GRANTED("prevote.granted", true),
  PREVOTE_REFUSED("prevote.refused", true),
  PREVOTE_WON("prevote.won", true),
  CHECKQUORUM_STEPPED_DOWN("checkquorum.leader-stepped-down", true),
  READ_ROUND_STARTED("read.index-round-started", true),
  READ_LEASE_HELD("read.lease-held", true),
  READ_LEASE_LAPSED("read.lease-lapsed-round-started", true),
  READ_THROUGH_LOG_BEFORE_TERM_COMMIT("read.through-log-before-term-commit", true),
  READ_SERVED("read.served-without-log", true),
  READ_WAITING_FOR_APPLY("read.confirmed-waiting-for-apply", false),
  READ_REFUSED_DEPOSED("read.refused-deposed", true);

  /** Number of points; counter arrays for this model have this length. */
  public static final int COUNT = values().length;

  private final String pointName;
  private final boolean sometimes;

  CoveragePoint(String pointName, boolean sometimes) {
    this.pointName = pointName;
    this.sometimes = sometimes;
  }

  /** The stable name reports use ({@code area.what-happened}). */
  public String pointName() {
    return pointName;
  }

  /** Whether a long campaign on the correct model is expected to hit this point. */
  public boolean sometimes() {
    return sometimes;
  }
}
