package dev.raftsim.scenarios.check.internal;

import dev.raftsim.raft.Membership;
import java.util.Arrays;

/**
 * History variables (as raft.tla's {@code elections} and friends): facts about the past that the invariants need
 * and no node may remember any more. Immutable; a transition that changes nothing here shares its parent's.
 *
 * <ul>
 *   <li>{@code leaderOfTerm[t]}: the first node elected leader in term t, or -1. An entry is cleared as soon as no
 *       node can ever become leader of t again (every node's term is >= t and no node is a candidate in t), so
 *       that states differing only in dead history merge.
 *   <li>{@code committedPrefix[i]}: the prefix digest of log[1..i] on the first node seen with commitIndex >= i
 *       (0 = nothing committed there yet), with that entry's term and the term in which it was committed (the
 *       committing node's currentTerm).
 *   <li>{@code appliedEntry[i]}: the digest of the first entry any node applied at index i (0 = none).
 * </ul>
 */
public final class History {
  public final int[] leaderOfTerm;
  public final long[] committedPrefix;
  public final long[] committedEntry;
  public final int[] committedEntryTerm;
  public final int[] committedInTerm;
  public final long[] appliedEntry;
  /**
   * The configuration of the committed (applied) entry at each index, null for commands and no-ops; null arrays
   * while none is: configurations name node ids, so the history then hashes per renaming.
   */
  final Membership[] committedConfig;
  final Membership[] appliedConfig;
  final long[] permFp;

  History(int[] leaderOfTerm, long[] committedPrefix, long[] committedEntry, int[] committedEntryTerm,
      int[] committedInTerm, long[] appliedEntry, Membership[] committedConfig, Membership[] appliedConfig,
      Symmetry sym) {
    this.leaderOfTerm = leaderOfTerm;
    this.committedPrefix = committedPrefix;
    this.committedEntry = committedEntry;
    this.committedEntryTerm = committedEntryTerm;
    this.committedInTerm = committedInTerm;
    this.appliedEntry = appliedEntry;
    this.committedConfig = committedConfig;
    this.appliedConfig = appliedConfig;
    long inv = Mix.SEED ^ 0x4157L;
    boolean configs = committedConfig != null || appliedConfig != null;
    if (!configs) {
      for (int i = 1; i < committedPrefix.length; i++) {
        inv = Mix.combine(inv, committedPrefix[i]);
        inv = Mix.combine(inv, committedInTerm[i]);
        inv = Mix.combine(inv, appliedEntry[i]);
      }
    }
    permFp = new long[sym.count];
    for (int k = 0; k < sym.count; k++) {
      long h = configs ? renamedInv(sym.map[k]) : inv;
      for (int t = 1; t < leaderOfTerm.length; t++) {
        if (leaderOfTerm[t] >= 0) {
          h += Mix.mix(((long) t << 8 | (sym.map[k][leaderOfTerm[t]] + 1L)) ^ 0x7EA0L);
        }
      }
      permFp[k] = h;
    }
  }

  static History empty(int maxTerm, int maxLogSlots, Symmetry sym) {
    int[] leaders = new int[maxTerm + 1];
    Arrays.fill(leaders, -1);
    return new History(leaders, new long[maxLogSlots + 1], new long[maxLogSlots + 1], new int[maxLogSlots + 1],
        new int[maxLogSlots + 1], new long[maxLogSlots + 1], null, null, sym);
  }

  /**
   * The committed prefix rebuilt entry by entry with configurations renamed (committed indexes form a prefix whose
   * entries the history records; a committed prefix that disagrees with them is a StateMachineSafety violation
   * already), the commit terms, and the applied entries renamed.
   */
  private long renamedInv(int[] map) {
    long inv = Mix.SEED ^ 0x4158L;
    long prefix = 0x9E37L;
    for (int i = 1; i < committedPrefix.length; i++) {
      long entry = committedConfig != null && committedConfig[i] != null
          ? Mix.combine(Renamed.membership(committedConfig[i], map), committedEntryTerm[i]) : committedEntry[i];
      prefix = committedPrefix[i] == 0 ? 0 : Mix.combine(prefix, entry);
      inv = Mix.combine(inv, prefix);
      inv = Mix.combine(inv, committedInTerm[i]);
      inv = Mix.combine(inv, appliedConfig != null && appliedConfig[i] != null
          ? Mix.combine(Renamed.membership(appliedConfig[i], map), 0xA99L) : appliedEntry[i]);
    }
    return inv;
  }

  /** Number of log slots the history tracks (indexes 1..slots). */
  public int slots() {
    return committedPrefix.length - 1;
  }

  /** Highest index with a committed entry recorded (committed indexes form a prefix). */
  public int committedLength() {
    int i = 0;
    while (i + 1 < committedPrefix.length && committedPrefix[i + 1] != 0) {
      i++;
    }
    return i;
  }

  /** A copy-on-write editor. */
  Builder edit() {
    return new Builder(this);
  }

  static final class Builder {
    private final History from;
    int[] leaderOfTerm;
    long[] committedPrefix;
    long[] committedEntry;
    int[] committedEntryTerm;
    int[] committedInTerm;
    long[] appliedEntry;
    Membership[] committedConfig;
    Membership[] appliedConfig;
    boolean changed;

    Builder(History h) {
      this.from = h;
      this.leaderOfTerm = h.leaderOfTerm;
      this.committedPrefix = h.committedPrefix;
      this.committedEntry = h.committedEntry;
      this.committedEntryTerm = h.committedEntryTerm;
      this.committedInTerm = h.committedInTerm;
      this.appliedEntry = h.appliedEntry;
      this.committedConfig = h.committedConfig;
      this.appliedConfig = h.appliedConfig;
    }

    void setLeader(int term, int node) {
      if (leaderOfTerm == from.leaderOfTerm) {
        leaderOfTerm = leaderOfTerm.clone();
      }
      leaderOfTerm[term] = node;
      changed = true;
    }

    void setCommitted(int index, long prefix, long entry, int entryTerm, int inTerm, Membership config) {
      if (config != null || committedConfig != null) {
        if (committedConfig == null) {
          committedConfig = new Membership[committedPrefix.length];
        } else if (committedConfig == from.committedConfig) {
          committedConfig = committedConfig.clone();
        }
        committedConfig[index] = config;
      }
      if (committedPrefix == from.committedPrefix) {
        committedPrefix = committedPrefix.clone();
        committedEntry = committedEntry.clone();
        committedEntryTerm = committedEntryTerm.clone();
        committedInTerm = committedInTerm.clone();
      }
      committedPrefix[index] = prefix;
      committedEntry[index] = entry;
      committedEntryTerm[index] = entryTerm;
      committedInTerm[index] = inTerm;
      changed = true;
    }

    void setApplied(int index, long entry, Membership config) {
      if (config != null || appliedConfig != null) {
        if (appliedConfig == null) {
          appliedConfig = new Membership[appliedEntry.length];
        } else if (appliedConfig == from.appliedConfig) {
          appliedConfig = appliedConfig.clone();
        }
        appliedConfig[index] = config;
      }
      if (appliedEntry == from.appliedEntry) {
        appliedEntry = appliedEntry.clone();
      }
      appliedEntry[index] = entry;
      changed = true;
    }

    History build(Symmetry sym) {
      if (!changed) {
        return from;
      }
      return new History(leaderOfTerm, committedPrefix, committedEntry, committedEntryTerm, committedInTerm,
          appliedEntry, committedConfig, appliedConfig, sym);
    }
  }
}
