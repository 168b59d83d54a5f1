/**
 * What people and tools read after a run: self-contained files, no server, no network. Public API:
 *
 * <ul>
 *   <li>one run: {@link dev.raftsim.reports.RunReport} (trace, final node states, client history, violation,
 *       replay command) rendered by {@link dev.raftsim.reports.HtmlReport} (space-time diagram in windows of events,
 *       opening on the violation's window; node tables; history), {@link dev.raftsim.reports.JsonReport} and
 *       {@link dev.raftsim.reports.ShivizExport}; {@link dev.raftsim.reports.Reports} writes all three;
 *   <li>a model checker path: {@link dev.raftsim.reports.CheckPathReport} (its steps, the breaking one marked);
 *   <li>a campaign: {@link dev.raftsim.reports.CampaignIndex} renders {@link dev.raftsim.reports.CampaignData}
 *       (banner, figures, failures as {@link dev.raftsim.reports.FailureLink}s with their origin, fault mix,
 *       timing histograms) as {@code index.html}.
 * </ul>
 *
 * {@code internal} holds the drawing (SpaceTime, node tables, history view), HTML escaping and the CSS/JS
 * resources. The module depends on sim-core only for trace records; it knows Raft only as text and numbers.
 */
package dev.raftsim.reports;
