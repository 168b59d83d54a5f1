/**
 * The slf4j 1.7 binding raftsim-microraft ships for MicroRaft's logging (the one place outside {@code
 * dev.raftsim.microraft}: slf4j 1.7 finds its binding by this package and class name).
 */
package org.slf4j.impl;
