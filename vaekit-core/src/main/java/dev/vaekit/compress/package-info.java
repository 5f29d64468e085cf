/**
 * Lossless compression with a latent variable model by bits-back coding with asymmetric numeral systems (BB-ANS,
 * Townsend, Bird &amp; Barber 2019; Bit-Swap, Kingma, Abbeel &amp; Ho 2019, for a Markov chain of latent layers), in
 * plain Java and independent of the engine.
 *
 * <ul>
 *   <li>{@link dev.vaekit.compress.RansStack}: the rANS coder (Duda 2013), a 64-bit state and a stack of 32-bit words;
 *   <li>{@link dev.vaekit.compress.SymbolCodec} and its implementations: distributions as integer frequencies under a
 *       precision of P bits (Bernoulli, categorical, the discretized logistic mixture of PixelCNN++, a Gaussian over
 *       latent buckets, the uniform prior over them);
 *   <li>{@link dev.vaekit.compress.LatentVariableModel}: what a model with one latent layer provides, q(z|x) and
 *       p(x|z), one example at a time; {@link dev.vaekit.compress.LatentChainModel}: what a model with a Markov chain
 *       of latent layers provides, q(z_1|x), q(z_{l+1}|z_l), p(z_l|z_{l+1}) and p(x|z_1);
 *   <li>{@link dev.vaekit.compress.BbAnsEncoder} and {@link dev.vaekit.compress.BbAnsDecoder}: bits-back coding over a
 *       sequence of examples in the order of a {@link dev.vaekit.compress.CodingScheme} (BB-ANS or Bit-Swap), in the
 *       container of {@link dev.vaekit.compress.CompressedFile};
 *   <li>{@link dev.vaekit.compress.Baselines}: gzip, bzip2, xz and PNG of the same data, for comparison;
 *   <li>{@link dev.vaekit.compress.vae}: a trained vaekit VAE as such a model, and images compressed with it.
 * </ul>
 *
 * <p>Reproducibility: every frequency is a function of the model's outputs rounded to {@link
 * dev.vaekit.compress.ParameterGrid} and computed with IEEE arithmetic and {@link java.lang.StrictMath} only, so it is
 * the same on every JVM given the same model outputs.
 */
package dev.vaekit.compress;
