package dev.raftsim.scenarios.check.internal;

import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Membership;
import dev.raftsim.raft.RaftNode;

/**
 * Hashes of what names node ids inside values (configuration entries and a node's configuration) under a renaming
 * of the nodes, for symmetry reduction. {@code digest(e, map)} for the identity map of the renamed entry equals
 * {@code digest(e, map)} for the original: a configuration's bit sets are renamed before hashing; every other
 * entry hashes as its own digest (commands and no-ops carry no node id).
 */
final class Renamed {
  private Renamed() {}

  /** The bit set {@code set} with node i moved to map[i]. */
  static long bits(long set, int[] map) {
    long r = 0;
    for (long l = set; l != 0; l &= l - 1) {
      r |= 1L << map[Long.numberOfTrailingZeros(l)];
    }
    return r;
  }

  static long membership(Membership c, int[] map) {
    long h = Mix.combine(0xC0F16L, bits(c.voters(), map));
    h = Mix.combine(h, bits(c.learners(), map));
    return Mix.combine(h, bits(c.oldVoters(), map));
  }

  /** The entry's digest under the renaming. */
  static long digest(Entry e, int[] map) {
    return e.isConfig() ? Mix.combine(membership(e.config(), map), e.term()) : e.digest();
  }

  static boolean anyConfig(Entry[] entries) {
    for (Entry e : entries) {
      if (e.isConfig()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the node's log (above its base) holds a configuration entry. */
  static boolean anyConfig(RaftNode node) {
    for (int i = node.snapshotIndex() + 1; i <= node.lastIndex(); i++) {
      if (node.entryAt(i).isConfig()) {
        return true;
      }
    }
    return false;
  }

  /** A chained hash of the node's log 1..lastIndex under the renaming (the checker's logs have no snapshots). */
  static long log(RaftNode node, int[] map) {
    long h = Mix.combine(0x106L, node.lastIndex());
    for (int i = node.snapshotIndex() + 1; i <= node.lastIndex(); i++) {
      h = Mix.combine(h, digest(node.entryAt(i), map));
    }
    return h;
  }

  /** The node's membership state under the renaming (0: it never saw any, as {@link RaftNode#membershipFingerprint}). */
  static long nodeMembership(RaftNode node, int[] map) {
    if (node.membershipFingerprint() == 0) {
      return 0;
    }
    long h = Mix.combine(membership(node.membership(), map), node.membershipIndex());
    h = Mix.combine(h, node.lastConfigIndex());
    h = Mix.combine(h, bits(node.pendingPromotions(), map));
    int t = node.transferTarget();
    h = Mix.combine(h, t < 0 ? -1 : map[t]);
    // (the transfer's clock, lease revocation and the vote guard's flag hash raw: they name no node)
    return Mix.combine(h, node.membershipFingerprintWithoutIds());
  }
}
