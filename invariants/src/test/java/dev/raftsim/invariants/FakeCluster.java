package dev.raftsim.invariants;

import dev.raftsim.invariants.internal.Hashing;
import java.util.ArrayList;
import java.util.List;

/**
 * A mutable in-test cluster. Strict like a careful host: reading anything but isUp/name of a crashed node, or an
 * entry outside 1..lastIndex, throws, so a checker that peeks where it must not fails its tests.
 */
final class FakeCluster implements ClusterView {
  record Entry(long term, long digest, String text) {}

  static Entry entry(long term, String command) {
    return new Entry(term, Hashing.mix(term * 0x100000001b3L + command.hashCode()), command);
  }

  static final class Node {
    boolean up = true;
    long incarnation;
    NodeRole role = NodeRole.FOLLOWER;
    long term;
    int votedFor = -1;
    int commit;
    int applied;
    int[] match = new int[0]; // a leader's matchIndex per peer (sized by the cluster)
    private final ArrayList<Entry> log = new ArrayList<>();
    private int changedFrom = 1;

    int last() {
      return log.size();
    }

    Entry at(int index) {
      return log.get(index - 1);
    }

    long termAt(int index) {
      return index == 0 ? 0 : log.get(index - 1).term();
    }

    List<Entry> log() {
      return List.copyOf(log);
    }

    void append(Entry e) {
      changedFrom = Math.min(changedFrom, log.size() + 1);
      log.add(e);
    }

    /** Deletes entries from index on. */
    void truncateFrom(int index) {
      while (log.size() >= index) {
        log.remove(log.size() - 1);
      }
      changedFrom = Math.min(changedFrom, index);
    }

    void replace(int index, Entry e) {
      log.set(index - 1, e);
      changedFrom = Math.min(changedFrom, index);
    }

    /** Rewrites an entry but does not mark it: a lying host. */
    void replaceUnmarked(int index, Entry e) {
      log.set(index - 1, e);
    }

    void setMarkUnchecked(int changedFrom) {
      this.changedFrom = changedFrom;
    }

    void crash() {
      up = false;
    }

    /** Persistent state (term, vote, log) survives; volatile state is reset. */
    void restart() {
      up = true;
      incarnation++;
      role = NodeRole.FOLLOWER;
      commit = 0;
      applied = 0;
      java.util.Arrays.fill(match, 0);
      changedFrom = 1;
    }

    void clearMark() {
      changedFrom = log.size() + 1;
    }
  }

  final Node[] nodes;

  FakeCluster(int size) {
    nodes = new Node[size];
    for (int i = 0; i < size; i++) {
      nodes[i] = new Node();
      nodes[i].match = new int[size];
    }
  }

  Node node(int k) {
    return nodes[k];
  }

  void clearMarks() {
    for (Node node : nodes) {
      node.clearMark();
    }
  }

  private Node upNode(int k) {
    Node node = nodes[k];
    if (!node.up) {
      throw new IllegalStateException("checker read crashed node n" + (k + 1));
    }
    return node;
  }

  private Node withEntry(int k, int index) {
    Node node = upNode(k);
    if (index < 1 || index > node.log.size()) {
      throw new IllegalStateException("checker read index " + index + " of n" + (k + 1) + " whose log has "
          + node.log.size() + " entries");
    }
    return node;
  }

  @Override
  public int size() {
    return nodes.length;
  }

  @Override
  public boolean isUp(int node) {
    return nodes[node].up;
  }

  @Override
  public long incarnation(int node) {
    return upNode(node).incarnation;
  }

  @Override
  public NodeRole role(int node) {
    return upNode(node).role;
  }

  @Override
  public long currentTerm(int node) {
    return upNode(node).term;
  }

  @Override
  public int votedFor(int node) {
    return upNode(node).votedFor;
  }

  @Override
  public int lastIndex(int node) {
    return upNode(node).log.size();
  }

  @Override
  public long termAt(int node, int index) {
    if (index == 0) {
      upNode(node);
      return 0;
    }
    return withEntry(node, index).at(index).term();
  }

  @Override
  public long entryDigest(int node, int index) {
    return withEntry(node, index).at(index).digest();
  }

  @Override
  public String describeEntry(int node, int index) {
    return withEntry(node, index).at(index).text();
  }

  @Override
  public int commitIndex(int node) {
    return upNode(node).commit;
  }

  @Override
  public int lastApplied(int node) {
    return upNode(node).applied;
  }

  @Override
  public boolean reportsLeaderProgress() {
    return true;
  }

  @Override
  public int matchIndex(int node, int peer) {
    Node x = upNode(node);
    if (x.role != NodeRole.LEADER) {
      throw new IllegalStateException("checker read the matchIndex of n" + (node + 1) + ", which is not leader");
    }
    return x.match[peer];
  }

  @Override
  public int logChangedFrom(int node) {
    return upNode(node).changedFrom;
  }
}
