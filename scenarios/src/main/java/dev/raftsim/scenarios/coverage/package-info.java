/**
 * What a campaign explored: protocol coverage points (the model's {@link dev.raftsim.raft.CoveragePoint}s and the
 * host's {@link dev.raftsim.scenarios.coverage.HostPoint}s, some of them near misses), the distinct symmetry-reduced abstract states of the
 * cluster ({@link dev.raftsim.scenarios.coverage.AbstractState}), their per-run collection
 * ({@link dev.raftsim.scenarios.coverage.RunCoverage}) and their union over a campaign, its shards and its
 * comparison with other campaigns ({@link dev.raftsim.scenarios.coverage.CampaignCoverage}).
 */
package dev.raftsim.scenarios.coverage;
