/**
 * Scripted, deterministic scenarios: the fluent {@link dev.raftsim.scenarios.catalogue.Scenario} API, the text format
 * of {@link dev.raftsim.scenarios.catalogue.ScenarioText}, the {@link dev.raftsim.scenarios.catalogue.ScenarioRunner}
 * and the built-in {@link dev.raftsim.scenarios.catalogue.Catalogue} (the MIT lab's Raft tests, the paper's Figure 8
 * and one script per planted bug). docs/scenarios.md is the user's guide.
 */
package dev.raftsim.scenarios.catalogue;
