package org.example.tinyraft;

import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftServer;
import dev.raftsim.spi.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.example.tinyraft.Messages.Append;
import org.example.tinyraft.Messages.AppendReply;
import org.example.tinyraft.Messages.Entry;
import org.example.tinyraft.Messages.RequestVote;
import org.example.tinyraft.Messages.Stored;
import org.example.tinyraft.Messages.TermVote;
import org.example.tinyraft.Messages.Vote;

/**
 * One TinyRaft node, a step function: every input (message, timer, client command) runs to completion, acting only
 * through the {@link NodeHost}. Persistent state (term, vote, log) is written and synced before any message that
 * depends on it leaves, so a crash loses nothing a peer was told. Indexes start at 1; {@code log.get(i - 1)} is
 * entry i.
 */
class TinyRaftServer implements RaftServer {
  static final int ELECTION_TIMER = 0;
  static final int HEARTBEAT_TIMER = 1;

  private final NodeSetup setup;
  private final NodeHost host;
  private final int self;
  private final int size;
  private final ArrayList<Entry> log = new ArrayList<>();
  private long term;
  private int votedFor = -1;
  private Role role = Role.FOLLOWER;
  private int leader = -1;
  private int commitIndex;
  private int lastApplied;
  private int changedFrom = 1;
  private final Store store = new Store();
  // Deduplication: per client, the last seq applied and its result (a retried command takes effect once).
  private final TreeMap<Integer, Long> lastSeq = new TreeMap<>();
  private final TreeMap<Integer, String> lastResult = new TreeMap<>();
  // Candidate: votes received. Leader: replication progress, and the commands to answer, by log index.
  private final boolean[] votes;
  private final int[] nextIndex;
  private final int[] matchIndex;
  private final TreeMap<Integer, ClientCommand> waiting = new TreeMap<>();

  TinyRaftServer(NodeSetup setup, NodeHost host) {
    this.setup = setup;
    this.host = host;
    this.self = setup.id();
    this.size = setup.clusterSize();
    this.votes = new boolean[size];
    this.nextIndex = new int[size];
    this.matchIndex = new int[size];
    // A restart: rebuild term, vote and log from the records that survived, in write order.
    for (Object r : setup.durableRecords()) {
      if (r instanceof TermVote tv) {
        term = tv.term();
        votedFor = tv.votedFor();
      } else if (r instanceof Stored s) {
        truncateFrom(s.index());
        log.add(s.entry());
      } else {
        throw new IllegalStateException("unknown durable record " + r);
      }
    }
  }

  /** The election timeout, drawn from the node's own random stream (never from an unseeded source). */
  long electionTimeout() {
    NodeSetup.Settings s = setup.settings();
    return host.random().nextLong(s.electionMinMicros(), s.electionMaxMicros());
  }

  @Override
  public void start() {
    host.setTimer(ELECTION_TIMER, electionTimeout());
  }

  @Override
  public boolean campaign() {
    if (role != Role.LEADER) {
      startElection();
    }
    return true;
  }

  // ------------------------------------------------------------------ inputs

  @Override
  public void onTimer(int timer) {
    if (timer == ELECTION_TIMER) {
      if (role != Role.LEADER) {
        startElection();
      }
    } else if (timer == HEARTBEAT_TIMER && role == Role.LEADER) {
      broadcastAppend();
      host.setTimer(HEARTBEAT_TIMER, setup.settings().heartbeatMicros());
    }
  }

  @Override
  public void onMessage(int from, Object m) {
    if (m instanceof Append a) {
      onAppend(from, a);
    } else if (m instanceof AppendReply r) {
      onAppendReply(from, r);
    } else if (m instanceof RequestVote v) {
      onRequestVote(from, v);
    } else if (m instanceof Vote v) {
      onVote(from, v);
    } else {
      throw new IllegalArgumentException("unexpected message " + m);
    }
  }

  @Override
  public void onClientCommand(ClientCommand c) {
    if (role != Role.LEADER) {
      host.reply(c.clientId(), c.seq(), false, null, leader);
      return;
    }
    Long done = lastSeq.get(c.clientId());
    if (done != null && done >= c.seq()) {
      // Already applied (a retry whose answer was lost): answer again, never apply again.
      host.reply(c.clientId(), c.seq(), done == c.seq(), lastResult.get(c.clientId()), self);
      return;
    }
    appendAsLeader(new Entry(term, c));
    waiting.put(lastIndex(), c);
    broadcastAppend();
  }

  // ------------------------------------------------------------------ elections

  private void startElection() {
    setTermAndVote(term + 1, self);
    role = Role.CANDIDATE;
    leader = -1;
    Arrays.fill(votes, false);
    votes[self] = true;
    host.setTimer(ELECTION_TIMER, electionTimeout());
    if (won()) {
      becomeLeader();
      return;
    }
    RequestVote rv = new RequestVote(term, self, lastIndex(), termAt(lastIndex()));
    for (int p = 0; p < size; p++) {
      if (p != self) {
        host.send(p, rv);
      }
    }
  }

  private void onRequestVote(int from, RequestVote v) {
    if (v.term() > term) {
      stepDown(v.term());
    }
    boolean upToDate = v.lastTerm() > termAt(lastIndex())
        || v.lastTerm() == termAt(lastIndex()) && v.lastIndex() >= lastIndex();
    boolean mayVote = votedFor == -1 || votedFor == v.candidate() || setup.has(TinyRaft.VOTE_TWICE);
    boolean grant = v.term() == term && mayVote && upToDate;
    if (grant) {
      setTermAndVote(term, v.candidate());
      host.setTimer(ELECTION_TIMER, electionTimeout());
    }
    host.send(from, new Vote(term, grant));
  }

  private void onVote(int from, Vote v) {
    if (v.term() > term) {
      stepDown(v.term());
      return;
    }
    if (role != Role.CANDIDATE || v.term() != term || !v.granted()) {
      return;
    }
    votes[from] = true;
    if (won()) {
      becomeLeader();
    }
  }

  private boolean won() {
    int n = 0;
    for (boolean b : votes) {
      n += b ? 1 : 0;
    }
    return 2 * n > size;
  }

  private void becomeLeader() {
    role = Role.LEADER;
    leader = self;
    host.cancelTimer(ELECTION_TIMER);
    Arrays.fill(nextIndex, lastIndex() + 1);
    Arrays.fill(matchIndex, 0);
    if (setup.settings().noOpOnElection()) {
      appendAsLeader(new Entry(term, null)); // commits the entries of earlier terms (Raft's section 5.4.2)
    }
    matchIndex[self] = lastIndex();
    broadcastAppend();
    host.setTimer(HEARTBEAT_TIMER, setup.settings().heartbeatMicros());
  }

  /** A higher term was seen: follow it (and forget any vote of the older term). */
  private void stepDown(long newTerm) {
    if (newTerm > term) {
      setTermAndVote(newTerm, -1);
      leader = -1;
    }
    if (role == Role.LEADER) {
      host.cancelTimer(HEARTBEAT_TIMER);
      // Deposed: the waiting clients must retry elsewhere (their commands may still commit; dedup keeps them once).
      waiting.forEach((index, c) -> host.reply(c.clientId(), c.seq(), false, null, -1));
      waiting.clear();
    }
    if (role != Role.FOLLOWER) {
      role = Role.FOLLOWER;
      host.setTimer(ELECTION_TIMER, electionTimeout());
    }
  }

  // ------------------------------------------------------------------ replication

  private void appendAsLeader(Entry e) {
    log.add(e);
    changedFrom = Math.min(changedFrom, lastIndex());
    host.storage().write(new Stored(lastIndex(), e));
    host.storage().sync();
    matchIndex[self] = lastIndex();
    advanceCommit(); // a one-node cluster commits at once
  }

  private void broadcastAppend() {
    for (int p = 0; p < size; p++) {
      if (p != self) {
        sendAppend(p);
      }
    }
  }

  private void sendAppend(int peer) {
    int prev = nextIndex[peer] - 1;
    int last = Math.min(lastIndex(), prev + setup.settings().maxEntriesPerAppend());
    List<Entry> entries = new ArrayList<>(log.subList(prev, last));
    host.send(peer, new Append(term, self, prev, termAt(prev), entries, commitIndex));
  }

  private void onAppend(int from, Append a) {
    if (a.term() < term) {
      host.send(from, new AppendReply(term, false, lastIndex()));
      return;
    }
    stepDown(a.term());
    leader = a.leader();
    host.setTimer(ELECTION_TIMER, electionTimeout());
    if (a.prevIndex() > lastIndex() || termAt(a.prevIndex()) != a.prevTerm()) {
      host.send(from, new AppendReply(term, false, Math.min(lastIndex(), a.prevIndex() - 1)));
      return;
    }
    int index = a.prevIndex();
    for (Entry e : a.entries()) {
      index++;
      if (index <= lastIndex() && termAt(index) == e.term()) {
        continue; // already there: a stale or duplicated append must never truncate a matching log
      }
      truncateFrom(index);
      log.add(e);
      host.storage().write(new Stored(index, e));
    }
    host.storage().sync();
    int verified = a.prevIndex() + a.entries().size();
    if (a.leaderCommit() > commitIndex) {
      commitIndex = Math.max(commitIndex, Math.min(a.leaderCommit(), verified));
      applyCommitted();
    }
    host.send(from, new AppendReply(term, true, verified));
  }

  private void onAppendReply(int from, AppendReply r) {
    if (r.term() > term) {
      stepDown(r.term());
      return;
    }
    if (role != Role.LEADER || r.term() != term) {
      return;
    }
    if (r.success()) {
      if (r.matchIndex() > matchIndex[from]) {
        matchIndex[from] = r.matchIndex();
        advanceCommit();
      }
      nextIndex[from] = Math.max(nextIndex[from], r.matchIndex() + 1);
      if (nextIndex[from] <= lastIndex()) {
        sendAppend(from); // more to send
      }
    } else {
      nextIndex[from] = Math.max(1, Math.min(nextIndex[from] - 1, r.matchIndex() + 1));
      sendAppend(from);
    }
  }

  /** The leader commits the highest index of its own term that a majority holds. */
  private void advanceCommit() {
    for (int n = lastIndex(); n > commitIndex && termAt(n) == term; n--) {
      int holders = 0;
      for (int p = 0; p < size; p++) {
        holders += matchIndex[p] >= n ? 1 : 0;
      }
      if (2 * holders > size) {
        commitIndex = n;
        applyCommitted();
        return;
      }
    }
  }

  private void applyCommitted() {
    while (lastApplied < commitIndex) {
      lastApplied++;
      Entry e = log.get(lastApplied - 1);
      ClientCommand c = e.command();
      String result = null;
      boolean fresh = false;
      if (c != null) {
        Long done = lastSeq.get(c.clientId());
        fresh = done == null || done < c.seq();
        if (fresh) {
          result = store.apply(c.operation());
          lastSeq.put(c.clientId(), c.seq());
          lastResult.put(c.clientId(), result);
        } else {
          result = lastResult.get(c.clientId());
        }
      }
      host.applied(lastApplied, c == null ? -1 : c.clientId(), c == null ? 0 : c.seq());
      ClientCommand asked = waiting.remove(lastApplied);
      if (asked != null) {
        boolean same = asked.equals(c);
        host.reply(asked.clientId(), asked.seq(), same, same ? result : null, self);
      }
    }
  }

  // ------------------------------------------------------------------ persistence and the log

  private void setTermAndVote(long t, int vote) {
    term = t;
    votedFor = vote;
    host.storage().write(new TermVote(t, vote));
    host.storage().sync();
  }

  private void truncateFrom(int index) {
    if (index <= log.size()) {
      if (index <= commitIndex) {
        throw new IllegalStateException("n" + (self + 1) + " would truncate committed entry " + index);
      }
      log.subList(index - 1, log.size()).clear();
    }
    changedFrom = Math.min(changedFrom, index);
  }

  // ------------------------------------------------------------------ what the checkers read

  @Override
  public Role role() {
    return role;
  }

  @Override
  public long currentTerm() {
    return term;
  }

  @Override
  public int votedFor() {
    return votedFor;
  }

  @Override
  public int lastIndex() {
    return log.size();
  }

  @Override
  public long termAt(int index) {
    return index == 0 ? 0 : log.get(index - 1).term();
  }

  @Override
  public long entryDigest(int index) {
    return TinyRaft.entryDigest(log.get(index - 1));
  }

  @Override
  public String describeEntry(int index) {
    ClientCommand c = log.get(index - 1).command();
    return c == null ? "no-op" : c.operation().describe() + " (c" + c.clientId() + "#" + c.seq() + ")";
  }

  @Override
  public ClientCommand entryCommand(int index) {
    return log.get(index - 1).command();
  }

  @Override
  public int commitIndex() {
    return commitIndex;
  }

  @Override
  public int lastApplied() {
    return lastApplied;
  }

  @Override
  public int logChangedFrom() {
    return Math.min(changedFrom, lastIndex() + 1);
  }

  @Override
  public void markObserved() {
    changedFrom = Integer.MAX_VALUE;
  }

  @Override
  public int leaderHint() {
    return leader;
  }

  @Override
  public String kvRead(String key) {
    return store.read(key);
  }
}
