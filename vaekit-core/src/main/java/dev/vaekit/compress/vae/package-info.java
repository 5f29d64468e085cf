/**
 * Lossless compression of images with a trained vaekit VAE by bits-back coding: the model as BB-ANS sees it ({@link
 * dev.vaekit.compress.vae.VaeCodingModel}), the run's hash that names it in a compressed file ({@link
 * dev.vaekit.compress.vae.RunHash}), images as symbols read from and written to PNG, IDX and NPY files ({@link
 * dev.vaekit.compress.vae.ImageSymbols}), and the whole round trip ({@link dev.vaekit.compress.vae.VaeCompression}).
 * See docs/bits-back.md.
 */
package dev.vaekit.compress.vae;
