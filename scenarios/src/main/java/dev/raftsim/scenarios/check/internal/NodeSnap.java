package dev.raftsim.scenarios.check.internal;

import dev.raftsim.raft.Entry;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.Role;

/**
 * One node inside a model state: the RaftNode (never mutated once here; successors copy it), what its disk
 * holds when that differs from memory, and the node's vote history. Shared by every state in which the node
 * did not change, so a transition copies one node, not n.
 *
 * <p>{@link #permFp}[k] is the node's fingerprint as if renamed by renaming k of the {@link Symmetry}: it
 * covers every field of {@link RaftNode#fingerprint()} (id, role, term, vote, leader hint, log through its
 * last prefix digest, snapshot, commitIndex, lastApplied, votes counted, per-peer nextIndex/matchIndex/voters)
 * read through the public getters, with every node id renamed, plus the durable log (when it differs from
 * memory) and the recorded vote. A snapshot hashes raw: it names no node id unless it holds a configuration, and
 * the checker turns symmetry off when snapshots and membership changes are both enabled.
 */
public final class NodeSnap {
  public final RaftNode node;
  /**
   * Durable log entries after the snapshot base (1..len without one) when they differ from the in-memory log
   * (ack-before-persist only); else null. The snapshot itself is always durable (synced in the input that wrote it).
   */
  public final Entry[] durable;
  /**
   * The vote this node cast in its current term as recorded by the checker (history, survives restarts);
   * -1 if none. Only a restart that forgets the vote (forget-vote-on-restart) makes it differ from votedFor.
   */
  public final int recordedVote;
  public final Role role;
  public final long term;
  public final int lastIndex;
  public final int commitIndex;
  public final int lastApplied;
  final long[] permFp;

  public NodeSnap(RaftNode node, Entry[] durable, int recordedVote, Symmetry sym) {
    this(node, durable, recordedVote, fingerprints(node, durable, recordedVote, sym, new long[sym.count]));
  }

  /** With fingerprints already computed by {@link #fingerprints}; takes ownership of {@code permFp}. */
  NodeSnap(RaftNode node, Entry[] durable, int recordedVote, long[] permFp) {
    this.node = node;
    this.durable = durable;
    this.recordedVote = recordedVote;
    this.role = node.role();
    this.term = node.currentTerm();
    this.lastIndex = node.lastIndex();
    this.commitIndex = node.commitIndex();
    this.lastApplied = node.lastApplied();
    this.permFp = permFp;
  }

  /** Writes the node's fingerprint under every renaming of {@code sym} into {@code fps}; returns it. */
  static long[] fingerprints(RaftNode node, Entry[] durable, int recordedVote, Symmetry sym, long[] fps) {
    Role role = node.role();
    long term = node.currentTerm();
    int lastIndex = node.lastIndex();
    // Small fields packed 12 bits each (the configuration bounds terms and indexes far below 4096).
    long word = role.ordinal() | small(term) << 2 | small(lastIndex) << 14 | small(node.commitIndex()) << 26
        | small(node.lastApplied()) << 38 | small(node.votesCounted()) << 50;
    // A log with configuration entries names node ids inside them: hashed per renaming below.
    boolean configs = Renamed.anyConfig(node);
    long base = Mix.mix(word ^ 0x5A17L) + (configs ? 0 : Mix.mix(node.prefixDigest(lastIndex) ^ 0x10C5L));
    dev.raftsim.raft.Snapshot snap = node.snapshot();
    if (snap != null) { // (nodes without one hash as before snapshots were modelled)
      base += Mix.mix(snap.fingerprint() ^ 0x5AA9L);
    }
    boolean durableConfigs = durable != null && Renamed.anyConfig(durable);
    if (durable != null && !durableConfigs) {
      base += Mix.mix(durableDigest(durable) ^ 0xD15CL);
    }
    boolean membership = node.membershipFingerprint() != 0;
    int n = sym.n;
    int id = node.id();
    int vote = node.votedFor();
    int hint = node.leaderHint();
    boolean leader = role == Role.LEADER;
    boolean candidate = role == Role.CANDIDATE;
    int[] next = null;
    int[] match = null;
    if (leader) {
      next = new int[n];
      match = new int[n];
      for (int p = 0; p < n; p++) {
        next[p] = (int) small(node.nextIndex(p));
        match[p] = (int) small(node.matchIndex(p));
      }
    }
    for (int k = 0; k < sym.count; k++) {
      int[] m = sym.map[k];
      long ids = (m[id] + 1L) | (rename(m, vote) + 1L) << 4 | (rename(m, hint) + 1L) << 8
          | (rename(m, recordedVote) + 1L) << 12;
      long h = base;
      if (configs) {
        h += Mix.mix(Renamed.log(node, m) ^ 0x10C5L);
      }
      if (membership) {
        h += Mix.mix(Renamed.nodeMembership(node, m) ^ 0xC0F1L);
      }
      if (durableConfigs) {
        long d = Mix.combine(0xD15CL, durable.length);
        for (Entry e : durable) {
          d = Mix.combine(d, Renamed.digest(e, m));
        }
        h += Mix.mix(d ^ 0xD15DL);
      }
      if (candidate) {
        for (int p = 0; p < n; p++) {
          if (node.hasVoteFrom(p)) {
            ids |= 1L << (16 + m[p]);
          }
        }
      } else if (leader) {
        // Followers hold all-zero peer arrays (the node keeps them canonical): nothing to hash.
        long lo = 0;
        long hi = 0;
        for (int p = 0; p < n; p++) {
          int q = m[p];
          long v = next[p] | (long) match[p] << 8;
          if (q < 4) {
            lo |= v << (16 * q);
          } else {
            hi |= v << (16 * (q - 4));
          }
        }
        h += Mix.mix(lo ^ 0x1EADE5L) + Mix.mix(hi ^ 0x2EADE5L);
      }
      fps[k] = Mix.mix(h + Mix.mix(ids ^ 0x1D5L));
    }
    return fps;
  }

  /** A field the fingerprint packs into 12 bits (8 for nextIndex/matchIndex, bounded by the log slots). */
  private static long small(long v) {
    if (v < 0 || v >= 4096) {
      throw new IllegalStateException("value " + v + " outside the model's packed range 0..4095");
    }
    return v;
  }

  private static int rename(int[] m, int node) {
    return node < 0 ? -1 : m[node];
  }

  static long durableDigest(Entry[] durable) {
    if (durable == null) {
      return -1;
    }
    long h = Mix.combine(0xD15CL, durable.length);
    for (Entry e : durable) {
      h = Mix.combine(h, e.digest());
    }
    return h;
  }

  /** The log entries after the snapshot base the node would restart with: the durable ones, or the in-memory log. */
  public Entry[] durableLog() {
    return durable != null ? durable : Collector.snapshot(node);
  }
}
