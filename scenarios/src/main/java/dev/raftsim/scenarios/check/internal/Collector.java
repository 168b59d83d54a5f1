package dev.raftsim.scenarios.check.internal;

import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.RaftMessage;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.RaftOutput;
import java.util.Arrays;

/**
 * The RaftOutput of one transition: collects the sends (they become packets of the successor's network) and
 * the applies (they feed the history), and, when the model tracks a disk that can lag memory
 * (ack-before-persist), what the node's durable log is at the end of the input. Reused by one worker thread.
 *
 * <p>Disk model: a sync makes every write issued so far durable, so right after a sync the durable log equals
 * the in-memory log; writes issued after the last sync of an input stay volatile (the node checks that only
 * the ack-before-persist path leaves any) until a later input syncs, or are lost if the node restarts first.
 * Term and vote are always synced before an input ends (the node checks it), so only the log can lag. So is a
 * snapshot: the node syncs it in the input that writes it (compaction or install), so the durable log is kept as the
 * entries after the node's current snapshot base.
 */
final class Collector implements RaftOutput {
  int sends;
  int[] sendTo = new int[8];
  RaftMessage[] sendMsg = new RaftMessage[8];
  int applies;
  int[] applyIndex = new int[8];
  Entry[] applyEntry = new Entry[8];

  private RaftNode node;
  private boolean track;
  private Entry[] oldDurable;
  private Entry[] base;
  private boolean dirty;
  private boolean synced;

  /** Starts a transition of {@code node} (already the successor's copy) whose previous snapshot is {@code old}. */
  void begin(RaftNode node, NodeSnap old, boolean trackDurable) {
    sends = 0;
    applies = 0;
    this.node = node;
    this.track = trackDurable;
    if (trackDurable) {
      oldDurable = old == null ? null : old.durable;
      base = old == null ? null : old.durableLog();
      dirty = false;
      synced = false;
    }
  }

  @Override
  public void send(int to, Message m) {
    if (!(m instanceof RaftMessage rm)) {
      throw new IllegalStateException("node sent a non-Raft message " + m.summary());
    }
    if (sends == sendTo.length) {
      sendTo = Arrays.copyOf(sendTo, sends * 2);
      sendMsg = Arrays.copyOf(sendMsg, sends * 2);
    }
    sendTo[sends] = to;
    sendMsg[sends] = rm;
    sends++;
  }

  @Override
  public void persistTermVote(long term, int votedFor) {
    // Always synced before the input ends; the node enforces it.
  }

  @Override
  public void persistTruncate(int fromIndex) {
    dirty = true;
  }

  @Override
  public void persistAppend(int index, Entry e) {
    dirty = true;
  }

  @Override
  public void sync() {
    if (track) {
      base = snapshot(node);
      synced = true;
    }
    dirty = false;
  }

  @Override
  public void persistSnapshot(dev.raftsim.raft.Snapshot s) {
    // Synced within the same input (RaftNode enforces it), before the node forgets the entries it replaces.
    dirty = true;
  }

  @Override
  public void restoreSnapshot(dev.raftsim.raft.Snapshot s) {
    // No state machine to replace: the checker's state is a function of the prefix, whose base the node now holds.
  }

  @Override
  public void resetElectionTimer() {
    // Timers are abstract: any non-leader may time out whenever the model allows.
  }

  @Override
  public void resetHeartbeatTimer() {}

  @Override
  public void apply(int index, Entry e) {
    if (applies == applyIndex.length) {
      applyIndex = Arrays.copyOf(applyIndex, applies * 2);
      applyEntry = Arrays.copyOf(applyEntry, applies * 2);
    }
    applyIndex[applies] = index;
    applyEntry[applies] = e;
    applies++;
  }

  /** The durable log after the input, or null when it equals the in-memory log. */
  Entry[] endDurable() {
    if (!track) {
      return null;
    }
    Entry[] d;
    if (dirty) {
      d = base;
    } else if (synced) {
      d = null;
    } else {
      d = oldDurable;
    }
    if (d != null && sameAsMemory(d, node)) {
      d = null;
    }
    return d;
  }

  /** The node's log entries after its snapshot base. */
  static Entry[] snapshot(RaftNode node) {
    int base = node.snapshotIndex();
    Entry[] log = new Entry[node.lastIndex() - base];
    for (int i = 0; i < log.length; i++) {
      log[i] = node.entryAt(base + 1 + i);
    }
    return log;
  }

  private static boolean sameAsMemory(Entry[] d, RaftNode node) {
    int base = node.snapshotIndex();
    if (d.length != node.lastIndex() - base) {
      return false;
    }
    for (int i = 0; i < d.length; i++) {
      if (!d[i].equals(node.entryAt(base + 1 + i))) {
        return false;
      }
    }
    return true;
  }
}
