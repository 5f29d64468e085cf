/**
 * Training and the run folder: the run configuration and its files ({@link dev.vaekit.train.Configs}), the Adam
 * optimiser, the loop ({@link dev.vaekit.train.Trainer}), the listeners that watch it (metrics, checkpoints, early
 * stopping, the divergence guard) and the checkpoint folder ({@link dev.vaekit.train.Checkpoint}).
 */
package dev.vaekit.train;
