package dev.raftsim.scenarios.check;

import dev.raftsim.raft.RaftMessage;

/**
 * One step of a counterexample path.
 *
 * @param type timeout, heartbeat, propose, restart (node actions), deliver, drop, duplicate (network actions) or
 *     add-voter, remove-server (membership changes by a leader)
 * @param node the acting node (0-based) for node actions, the receiver for deliver; -1 for drop/duplicate
 * @param from the sender for network actions, else -1
 * @param to the receiver for network actions, the server added or removed for membership changes, else -1
 * @param message the message for network actions, else null
 * @param text what happened, for people, e.g. {@code deliver RV t2 last=0/0 n2->n1 -> n1: term 2, votes for n2}
 */
public record CheckAction(String type, int node, int from, int to, RaftMessage message, String text) {}
