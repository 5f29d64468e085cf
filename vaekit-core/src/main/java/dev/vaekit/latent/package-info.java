/**
 * Using a trained model's latent space: encoding data sets to codes ({@link dev.vaekit.latent.LatentSpace}),
 * decoding codes to mean images, paths between codes ({@link dev.vaekit.latent.Interpolation}), the grid of
 * Kingma &amp; Welling's manifold figure ({@link dev.vaekit.latent.ManifoldGrid}) and principal axes for
 * two-dimensional views of wider codes ({@link dev.vaekit.latent.PrincipalAxes}), and how a set of codes spreads
 * against N(0, I) ({@link dev.vaekit.latent.CodeStatistics}).
 */
package dev.vaekit.latent;
