package dev.raftsim.scenarios.check.internal;

/**
 * One state of the model: every node, the network as a canonical multiset of packets (sorted by {@link
 * Packet#compareTo}; {@code counts} null when every packet is in flight once), the bounded counters and the
 * history variables. Immutable once built, shared structurally with its parent.
 */
public final class State {
  public final NodeSnap[] nodes;
  public final Packet[] net;
  public final int[] counts;
  public final int restarts;
  public final int duplicates;
  /** Membership changes used on the path to this state (bounded by --max-config-changes). */
  public final int configChanges;
  /**
   * The optional per-path budgets spent, packed 8 bits each: election timeouts, drops << 8, heartbeats << 16 (each
   * counted only under its --max-timeouts, --max-drops, --max-heartbeats bound, else 0), snapshots taken << 24.
   */
  public final int timeouts;
  public final History hist;
  /** False when the network holds more distinct messages than the bound: counted and checked, not expanded. */
  public final boolean expandable;
  /** Canonical fingerprint (minimum over the renamings), never 0. */
  public final long fp;
  /** (parent position in its level << 16) | action code of the transition that built this object. */
  public final long key;

  /** With fingerprints computed by {@link #canonical}. */
  State(NodeSnap[] nodes, Packet[] net, int[] counts, int restarts, int duplicates, int configChanges, int timeouts,
      History hist, int maxInFlight, long key, long fp) {
    this.nodes = nodes;
    this.net = net;
    this.counts = counts;
    this.restarts = restarts;
    this.duplicates = duplicates;
    this.configChanges = configChanges;
    this.timeouts = timeouts;
    this.hist = hist;
    this.expandable = net.length <= maxInFlight;
    this.key = key;
    this.fp = fp;
  }

  /**
   * The canonical fingerprint of the state made of these parts, before any object is built: the minimum over
   * the renamings of a sum of per-part fingerprints (each renamed node's, each renamed packet's times its count,
   * the history's, the counters'), re-mixed. {@code nodes[replaced]} is taken as the node whose renamed
   * fingerprints are {@code replacement} (-1: none replaced). Never 0.
   */
  static long canonical(Symmetry sym, History hist, int restarts, int duplicates, int configChanges, int timeouts,
      NodeSnap[] nodes, int replaced, long[] replacement, Packet[] net, int[] counts, int netLength) {
    int n = sym.n;
    long counters = countersFp(restarts, duplicates, configChanges, timeouts);
    long best = 0;
    for (int k = 0; k < sym.count; k++) {
      int[] m = sym.map[k];
      long acc = hist.permFp[k] + counters;
      for (int i = 0; i < nodes.length; i++) {
        acc += i == replaced ? replacement[k] : nodes[i].permFp[k];
      }
      for (int j = 0; j < netLength; j++) {
        Packet p = net[j];
        long f = p.fp(k, m[p.from], m[p.to], n);
        acc += counts == null ? f : f * counts[j];
      }
      long h = Mix.mix(acc);
      if (k == 0 || h < best) {
        best = h;
      }
    }
    // The minimum of several hashes is biased towards small values; re-mixing it (a bijection) restores a
    // uniform spread for the hash tables, which index by the top bits.
    long canonical = Mix.mix(best ^ 0x5CA1AB1EL);
    return canonical == 0 ? 0x5EED : canonical;
  }

  /**
   * The exact fingerprint of the state this one becomes when every node id is renamed by renaming k: what
   * {@link #concreteFp} of that renamed state is. The canonical fingerprint is the re-mixed minimum of these.
   */
  public static long renamedFp(State s, Symmetry sym, int k) {
    int[] m = sym.map[k];
    int n = sym.n;
    long acc = s.hist.permFp[k] + countersFp(s.restarts, s.duplicates, s.configChanges, s.timeouts);
    for (NodeSnap ns : s.nodes) {
      acc += ns.permFp[k];
    }
    for (int j = 0; j < s.net.length; j++) {
      Packet p = s.net[j];
      acc += p.fp(k, m[p.from], m[p.to], n) * s.count(j);
    }
    long h = Mix.mix(acc);
    return h == 0 ? 0x5EED : h;
  }

  /** Fingerprint of this exact state (the identity renaming's), never 0. */
  public long concreteFp(Symmetry sym) {
    return renamedFp(this, sym, 0);
  }

  /**
   * The counters' part of the fingerprint. The packed word keeps the low 16 bits of {@code timeouts} (timeouts and
   * drops); heartbeats and snapshots (its high 16 bits) are hashed as a term of their own when non-zero, so that
   * states without them hash as before they were counted.
   */
  private static long countersFp(int restarts, int duplicates, int configChanges, int timeouts) {
    long h = Mix.mix(counters(restarts, duplicates, configChanges, timeouts));
    int high = timeouts >>> 16;
    return high == 0 ? h : h + Mix.mix(high ^ 0x4EA75A95L);
  }

  /** The bounded counters packed (config changes above the duplicates' 20 bits: 0 hashes as before they existed). */
  private static long counters(int restarts, int duplicates, int configChanges, int timeouts) {
    return ((long) timeouts << 48 | (long) restarts << 32 | (long) configChanges << 20 | duplicates) ^ 0xC0DEL;
  }

  /** Snapshot actions used on the path to this state (bounded by --max-snapshots). */
  public int snapshots() {
    return timeouts >>> 24;
  }

  public int count(int j) {
    return counts == null ? 1 : counts[j];
  }
}
