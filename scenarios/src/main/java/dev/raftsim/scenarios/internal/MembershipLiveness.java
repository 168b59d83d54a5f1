package dev.raftsim.scenarios.internal;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.LivenessConfig;
import dev.raftsim.invariants.NodeRole;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.invariants.Violation;
import dev.raftsim.scenarios.Reconfiguration;
import java.util.List;

/**
 * Liveness after the heal for membership changes, beside the invariants' {@code LivenessChecker} (which judges
 * leaders, commitment and catch-up, and skips servers outside the leader's configuration). Only for an
 * implementation that reports its configuration; once the faults stop:
 *
 * <ol>
 *   <li>a configuration change in flight completes: once a leader has committed an entry of its own term (before
 *       that, without a no-op and without client traffic, it cannot commit anything, and the commit rule of {@code
 *       LivenessChecker} judges only what a leader appends), its configuration may stay joint or uncommitted (its
 *       entry above the leader's commitIndex) for at most {@code commitBoundMicros} while it leads (a new leader
 *       restarts the clock: it must finish the change itself);
 *   <li>no election storm caused by a server outside the configuration: while a leader leads, the members of its
 *       configuration may not move to a term that a server outside it reached first, {@value #STORM} times from one leader bound
 *       after the heal (until then a partitioned member may not have heard from the leader yet). A removed server that never learned of its removal may keep campaigning (it cannot know), and while
 *       there is no leader its terms may spread (its votes are then not ignored, and the next election outbids it),
 *       but servers that hear from a leader must ignore its votes (dissertation §4.2.3).
 * </ol>
 *
 * Per event it reads the touched node's term and, for a leader, its configuration: O(1).
 */
final class MembershipLiveness implements SafetyChecker {
  /** New terms first reached by servers outside the configuration after the heal that make a storm. */
  static final int STORM = 3;

  private final LivenessConfig config;
  private int leader = -1;
  private long leaderTerm = -1;
  /** The leader's members (voters, learners, C_old while joint) as last seen (0: no leader seen yet). */
  private long members;
  /** The highest term a member of the leader's configuration reached, and the highest an outsider reached first. */
  private long memberTerm = -1;
  private long outsiderTerm = -1;
  /** Since when the current leader's change has been in flight (NONE: it is not). */
  private static final long NONE = Long.MIN_VALUE;
  private long inFlightSince = NONE;
  private int outsiderTerms;
  private boolean reported;

  MembershipLiveness(LivenessConfig config) {
    this.config = config;
  }

  @Override
  public Violation afterEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    return afterEvent(v, eventIndex, timeMicros, touchedNode, false);
  }

  @Override
  public Violation afterUnchangedEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    return afterEvent(v, eventIndex, timeMicros, touchedNode, true);
  }

  /** This checker reads no matchIndex: for it the node is unchanged. */
  @Override
  public Violation afterMatchIndexEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode, int peer) {
    return afterEvent(v, eventIndex, timeMicros, touchedNode, true);
  }

  /** {@code unchanged}: the host says the event left the touched node as it was after the previous one. */
  private Violation afterEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode, boolean unchanged) {
    if (!config.enabled() || !v.reportsMembership() || reported) {
      return null;
    }
    Violation found = null;
    if (touchedNode >= 0) {
      found = observe(v, touchedNode, eventIndex, timeMicros, unchanged);
    } else {
      for (int k = 0; k < v.size() && found == null; k++) {
        found = observe(v, k, eventIndex, timeMicros, false);
      }
    }
    return found != null ? report(found) : judge(v, eventIndex, timeMicros);
  }

  @Override
  public Violation atEnd(ClusterView v, long eventIndex, long timeMicros) {
    if (!config.enabled() || !v.reportsMembership() || reported) {
      return null;
    }
    return judge(v, eventIndex, timeMicros);
  }

  private Violation report(Violation v) {
    reported = true;
    return v;
  }

  private Violation observe(ClusterView v, int k, long eventIndex, long now, boolean unchanged) {
    if (!v.isUp(k)) {
      if (k == leader) {
        leader = -1;
        inFlightSince = NONE;
      }
      return null;
    }
    long term = v.currentTerm(k);
    Violation found = null;
    boolean member = members == 0 || (members >>> k & 1) != 0;
    if (!member && term > Math.max(memberTerm, outsiderTerm)) {
      outsiderTerm = term;
    } else if (member && term > memberTerm) {
      memberTerm = term;
      // Counted from one leader bound after the heal: until the leader's heartbeats have reached every member
      // again, a member that has not heard from it may rightly take up a removed server's term (§4.2.3's guard
      // needs a recent heartbeat), and right at the heal the partitioned ones have none.
      if (term <= outsiderTerm && leader >= 0 && now >= config.healAtMicros() + config.leaderBoundMicros()
          && ++outsiderTerms >= STORM) {
        found = new Violation(Checkers.LIVENESS, v.name(k) + " moved to term " + term + " while " + v.name(leader)
            + " led term " + leaderTerm + ": a term a server outside the configuration (" + Reconfiguration.names(members)
            + ") reached first, the " + outsiderTerms + "th time members took one up under a leader since "
            + ms(config.healAtMicros() + config.leaderBoundMicros()) + " (one leader bound after the heal;"
            + " servers that hear from a leader must ignore a removed"
            + " server's votes)", eventIndex, now, List.of(k, leader));
      }
    }
    if (unchanged && k == leader && term == leaderTerm) {
      // The leader followed here, unchanged since its previous event: that event's observation (the last to touch
      // `leader`, or it would not be k) ran the branch below for it, and with the same role, configuration, commit
      // index and log it would recompute exactly what it set then. (A leader's events are about half of all.)
      return found;
    }
    boolean isLeader = v.role(k) == NodeRole.LEADER;
    if (isLeader && term >= leaderTerm) {
      if (k != leader || term != leaderTerm) {
        inFlightSince = NONE; // a new leader: it must finish any change itself
      }
      leader = k;
      leaderTerm = term;
      long old = v.jointOldVoters(k);
      members = v.voters(k) | v.learners(k) | old;
      boolean inFlight = (old != 0 || v.configIndex(k) > v.commitIndex(k))
          && committedOwnTerm(v, k, term);
      if (!inFlight) {
        inFlightSince = NONE;
      } else if (inFlightSince == NONE) {
        inFlightSince = now;
      }
    } else if (k == leader && (!isLeader || term != leaderTerm)) {
      leader = -1;
      inFlightSince = NONE;
    }
    return found;
  }

  /** Whether leader k's commitIndex is at an entry of its own term. */
  private static boolean committedOwnTerm(ClusterView v, int k, long term) {
    int ci = v.commitIndex(k);
    if (ci > v.snapshotIndex(k) && ci <= v.lastIndex(k)) {
      return v.termAt(k, ci) == term;
    }
    return ci == v.snapshotIndex(k) && v.snapshotTerm(k) == term;
  }

  private Violation judge(ClusterView v, long eventIndex, long now) {
    if (inFlightSince == NONE || leader < 0 || now < config.healAtMicros()) {
      return null;
    }
    long since = Math.max(inFlightSince, config.healAtMicros());
    if (now - since <= config.commitBoundMicros()) {
      return null;
    }
    long old = v.jointOldVoters(leader);
    return report(new Violation(Checkers.LIVENESS, "the configuration change of leader " + v.name(leader) + " (term "
        + leaderTerm + ") did not complete: from " + ms(since) + " to " + ms(now) + " its configuration stayed "
        + (old != 0 ? "joint (C_old " + Reconfiguration.names(old) + ", C_new " + Reconfiguration.names(v.voters(leader))
            + ")" : "voters " + Reconfiguration.names(v.voters(leader)) + ", uncommitted")
        + " at index " + v.configIndex(leader) + " (commitIndex " + v.commitIndex(leader) + "; faults stopped at "
        + ms(config.healAtMicros()) + ")", eventIndex, now, List.of(leader)));
  }

  private static String ms(long micros) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0);
  }
}
