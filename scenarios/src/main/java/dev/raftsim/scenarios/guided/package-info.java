/**
 * Coverage-guided exploration: the corpus of schedules that reached new coverage and the mutations that derive the
 * next schedules from it ({@link dev.raftsim.scenarios.guided.Guide}), aimed first at near misses (situations one step
 * from a safety violation) and then at rarely reached points, and a share of them cutting off, for seconds, the leader of
 * a member run under settings where a cut-off leader goes on answering reads. Everything here is a pure function of the
 * campaign seed, the schedule index and the results folded so far, so a guided campaign is as reproducible as a
 * random one.
 */
package dev.raftsim.scenarios.guided;
