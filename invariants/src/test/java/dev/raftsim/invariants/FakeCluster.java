package dev.raftsim.invariants;

import dev.raftsim.invariants.internal.Hashing;
import java.util.ArrayList;
import java.util.List;

/**
 * A mutable in-test cluster. Strict like a careful host: reading anything but isUp/name of a crashed node, or an
 * entry outside 1..lastIndex, throws, so a checker that peeks where it must not fails its tests.
 */
final class FakeCluster implements ClusterView {
  /** {@code cfg}: the configuration the entry carries, or null. */
  record Entry(long term, long digest, String text, Config cfg) {
    Entry(long term, long digest, String text) {
      this(term, digest, text, null);
    }
  }

  /** Voters, C_old's voters while joint (0 otherwise) and learners, as bit sets. */
  record Config(long voters, long old, long learners) {
    boolean joint() {
      return old != 0;
    }
  }

  static Entry entry(long term, String command) {
    return new Entry(term, Hashing.mix(term * 0x100000001b3L + command.hashCode()), command);
  }

  static Entry configEntry(long term, Config c) {
    String text = "config voters=" + Long.toBinaryString(c.voters()) + " old=" + Long.toBinaryString(c.old())
        + " learners=" + Long.toBinaryString(c.learners());
    return new Entry(term, Hashing.mix(term * 0x100000001b3L + text.hashCode() * 31L + 7), text, c);
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
    boolean configOnCommit; // a planted bug: the configuration in effect is the latest committed one
    Config initial;
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

    /** The index of the configuration in effect: the latest configuration entry in the log (0: the initial one). */
    int configIndex() {
      int top = configOnCommit ? Math.min(commit, log.size()) : log.size();
      for (int i = top; i >= 1; i--) {
        if (log.get(i - 1).cfg() != null) {
          return i;
        }
      }
      return 0;
    }

    Config config() {
      int i = configIndex();
      return i == 0 ? initial : log.get(i - 1).cfg();
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
  private final boolean membership;

  FakeCluster(int size) {
    this(size, -1);
  }

  /** With {@code initialVoters} >= 0 the view reports membership, starting from that voter set (others are spares). */
  FakeCluster(int size, long initialVoters) {
    nodes = new Node[size];
    membership = initialVoters >= 0;
    for (int i = 0; i < size; i++) {
      nodes[i] = new Node();
      nodes[i].match = new int[size];
      nodes[i].initial = new Config(initialVoters, 0, 0);
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
  public boolean reportsMembership() {
    return membership;
  }

  @Override
  public long voters(int node) {
    return membership ? upNode(node).config().voters() : ClusterView.super.voters(node);
  }

  @Override
  public long jointOldVoters(int node) {
    return membership ? upNode(node).config().old() : 0;
  }

  @Override
  public long learners(int node) {
    return membership ? upNode(node).config().learners() : 0;
  }

  @Override
  public int configIndex(int node) {
    return membership ? upNode(node).configIndex() : 0;
  }

  @Override
  public boolean isConfigEntry(int node, int index) {
    return membership && withEntry(node, index).at(index).cfg() != null;
  }

  @Override
  public int logChangedFrom(int node) {
    return upNode(node).changedFrom;
  }
}
