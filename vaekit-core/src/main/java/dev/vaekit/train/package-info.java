/**
 * Training: the configuration, the Adam optimiser, the loop ({@link dev.vaekit.train.Trainer}) and the listeners
 * that watch it (metrics, checkpoints, early stopping, the NaN guard).
 */
package dev.vaekit.train;
