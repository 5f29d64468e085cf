/** The {@code vaekit} command line: train, eval, sample, reconstruct, quickstart. */
package dev.vaekit.cli;
