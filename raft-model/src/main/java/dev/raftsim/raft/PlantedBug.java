package dev.raftsim.raft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Deliberate, off-by-default bugs the model can carry so that the checkers can be shown to catch them.
 * Each switch changes only the lines of its bug. The first eight live in {@link RaftNode}; the next two
 * are client-visible and live in the KV layer. The next, {@link #ACCEPT_STALE_APPEND}, also lives in {@link
 * RaftNode} but, unlike the others, leaves the node's own assertions on: it is the scoreboard's bug that the node
 * itself detects (a {@code NodeAssertion} finding), as an implementation's assertions would in production.
 * {@link #MATCH_FROM_STALE_REPLY}, in {@link RaftNode} too, breaks only the leader's bookkeeping
 * (MatchIndexMonotonic). The three read bugs after it live in the node's read path and are client-visible too (seen
 * only by clients reading without the log).
 * The next three are log-compaction bugs in {@link RaftNode}. The last six are membership bugs (configuration
 * changes, learners) in {@link RaftNode}.
 */
public enum PlantedBug {
  FIGURE8_COMMIT("figure8-commit",
      "the leader commits an entry from an earlier term by counting replicas (no log[N].term == currentTerm check)"),
  FORGET_VOTE_ON_RESTART("forget-vote-on-restart",
      "votedFor is never persisted, so a restarted node may vote again in the same term"),
  COUNT_VOTES_NOT_VOTERS("count-votes-not-voters",
      "the candidate counts granted replies instead of distinct voters, so a duplicated reply counts twice"),
  ACCEPT_STALE_VOTE("accept-stale-vote",
      "a granted vote reply from an older term is counted toward the current election"),
  TRUNCATE_ON_STALE_APPEND("truncate-on-stale-append",
      "a follower deletes everything after prevLogIndex on every accepted AppendEntries, even matching entries"),
  SKIP_UP_TO_DATE_CHECK("skip-up-to-date-check",
      "votes are granted without checking that the candidate's log is at least as up to date"),
  COMMIT_BEYOND_MATCH("commit-beyond-match",
      "a follower sets commitIndex = leaderCommit without bounding it by the last new entry"),
  ACK_BEFORE_PERSIST("ack-before-persist",
      "a follower acknowledges appended entries before syncing them, so a crash can lose acknowledged entries"),
  STALE_READ("stale-read",
      "the leader answers GET from its local state machine without going through the log"),
  DUPLICATE_APPLY("duplicate-apply",
      "the state machine skips the client dedup check, so a retried command is applied twice"),
  ACCEPT_STALE_APPEND("accept-stale-append",
      "AppendEntries from an older term is accepted instead of rejected (the node's own assertions stay on)"),
  MATCH_FROM_STALE_REPLY("match-from-stale-reply",
      "the leader takes matchIndex from every successful reply without a max, so a reordered old reply lowers it"),
  READINDEX_BEFORE_TERM_COMMIT("readindex-before-term-commit",
      "a new leader serves ReadIndex reads before it has committed an entry of its own term (etcd #7331)"),
  READINDEX_STALE_ACK("readindex-stale-ack",
      "a ReadIndex read is confirmed by heartbeat replies to a round sent before the read arrived (etcd #20418)"),
  LEASE_WITHOUT_CHECKQUORUM("lease-without-checkquorum",
      "lease reads trust leadership alone, as if CheckQuorum deposed a cut-off leader, but nothing does"),
  DISCARD_SUFFIX_ON_INSTALL("discard-suffix-on-install",
      "a follower installing a snapshot discards its whole log even when it holds the snapshot's last included entry"
          + " (Figure 13 step 6), losing acknowledged entries after it"),
  INSTALL_ROLLS_BACK("install-rolls-back",
      "a follower installs a snapshot older than what it has already committed, moving lastApplied and its state"
          + " machine backwards"),
  PROBE_AT_SNAPSHOT_BASE("probe-at-snapshot-base",
      "a leader keeps probing a follower behind its snapshot base with AppendEntries at the base instead of sending"
          + " InstallSnapshot, so that follower never catches up"),
  SINGLE_SERVER_CHANGE_BEFORE_COMMIT("single-server-change-before-commit",
      "a new leader changes membership before an entry of its own term has committed, so two single-server changes"
          + " from the same committed configuration, proposed in different terms, can both commit (raft-dev, 2015)"),
  CONFIG_ON_COMMIT("config-on-commit",
      "a configuration takes effect when its entry commits instead of when it is appended, so a server that has the"
          + " entry but has not learned its commit still counts votes with an older configuration"),
  LEAVE_JOINT_EARLY("leave-joint-early",
      "the leader proposes C_new as soon as C_old,new is in its log, before it commits, so C_new alone can commit"
          + " while C_old can still elect a leader of its own"),
  PROMOTE_BEFORE_CAUGHT_UP("promote-before-caught-up",
      "a new voter is promoted without catching up, and the leader counts it as holding the whole log at once"),
  REMOVED_LEADER_KEEPS_SERVING("removed-leader-keeps-serving",
      "a leader removed from the configuration keeps leading after C_new commits and keeps counting itself toward"
          + " commitment"),
  SNAPSHOT_DROPS_CONFIG("snapshot-drops-config",
      "a snapshot does not keep the configuration in effect at its index, so a server that installs or restarts"
          + " from it falls back to the initial configuration");

  private final String cliName;
  private final String description;

  PlantedBug(String cliName, String description) {
    this.cliName = cliName;
    this.description = description;
  }

  /** The name used on the command line, e.g. {@code figure8-commit}. */
  public String cliName() {
    return cliName;
  }

  /** One line saying what goes wrong. */
  public String description() {
    return description;
  }

  /** True for the bugs that live in the KV layer rather than in {@link RaftNode}. */
  public boolean clientVisible() {
    return this == STALE_READ || this == DUPLICATE_APPLY || this == READINDEX_BEFORE_TERM_COMMIT
        || this == READINDEX_STALE_ACK || this == LEASE_WITHOUT_CHECKQUORUM;
  }

  /** Looks a bug up by its CLI name (exact, case-sensitive). */
  public static Optional<PlantedBug> fromCliName(String name) {
    for (PlantedBug b : values()) {
      if (b.cliName.equals(name)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** All valid CLI names, in declaration order. */
  public static List<String> cliNames() {
    List<String> names = new ArrayList<>();
    for (PlantedBug b : values()) {
      names.add(b.cliName);
    }
    return Collections.unmodifiableList(names);
  }
}
