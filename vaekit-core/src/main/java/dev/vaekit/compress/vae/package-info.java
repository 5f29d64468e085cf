/**
 * Lossless compression of images with a trained vaekit VAE by bits-back coding: the model as the coder sees it ({@link
 * dev.vaekit.compress.vae.ImageCodingModel}: {@link dev.vaekit.compress.vae.VaeCodingModel} for one latent layer,
 * coded by BB-ANS, {@link dev.vaekit.compress.vae.VaeChainCodingModel} for a Markov chain of latent layers, coded by
 * Bit-Swap), the run's hash that names it in a compressed file ({@link dev.vaekit.compress.vae.RunHash}), images as
 * symbols read from and written to PNG, IDX and NPY files ({@link dev.vaekit.compress.vae.ImageSymbols}), and the
 * whole round trip ({@link dev.vaekit.compress.vae.VaeCompression}). See docs/bits-back.md.
 */
package dev.vaekit.compress.vae;
