package dev.raftsim.scenarios.internal;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.NodeRole;
import dev.raftsim.spi.NodeState;

/**
 * The state each server boots with, read from freshly built nodes exactly as the host builds them at their start
 * events: what the state trace's init record shows. Not a running cluster (every node reads as up, incarnation 0).
 */
final class BootView implements ClusterView {
  private final NodeState[] nodes;

  BootView(NodeState[] nodes) {
    this.nodes = nodes;
  }

  @Override
  public int size() {
    return nodes.length;
  }

  @Override
  public boolean isUp(int node) {
    return true;
  }

  @Override
  public long incarnation(int node) {
    return 0;
  }

  @Override
  public NodeRole role(int node) {
    return RaftCluster.nodeRole(nodes[node].role());
  }

  @Override
  public long currentTerm(int node) {
    return nodes[node].currentTerm();
  }

  @Override
  public int votedFor(int node) {
    return nodes[node].votedFor();
  }

  @Override
  public int lastIndex(int node) {
    return nodes[node].lastIndex();
  }

  @Override
  public long termAt(int node, int index) {
    return nodes[node].termAt(index);
  }

  @Override
  public long entryDigest(int node, int index) {
    return nodes[node].entryDigest(index);
  }

  @Override
  public String describeEntry(int node, int index) {
    return nodes[node].describeEntry(index);
  }

  @Override
  public int commitIndex(int node) {
    return nodes[node].commitIndex();
  }

  @Override
  public int lastApplied(int node) {
    return nodes[node].lastApplied();
  }

  @Override
  public int logChangedFrom(int node) {
    return 1;
  }

  @Override
  public boolean reportsMembership() {
    return nodes[0].reportsMembership();
  }

  @Override
  public long voters(int node) {
    return reportsMembership() ? nodes[node].voters() & dev.raftsim.spi.NodeSetup.allServers(nodes.length)
        : dev.raftsim.spi.NodeSetup.allServers(nodes.length);
  }

  @Override
  public long learners(int node) {
    return reportsMembership() ? nodes[node].learners() : 0;
  }

  @Override
  public long jointOldVoters(int node) {
    return reportsMembership() ? nodes[node].jointOldVoters() : 0;
  }

  @Override
  public int configIndex(int node) {
    return reportsMembership() ? nodes[node].configIndex() : 0;
  }
}
