/**
 * Normalizing flows: invertible layers that return their output and the log-determinant of their Jacobian
 * ({@link dev.vaekit.flows.FlowLayer}), stacks of them, the multi-scale image architectures
 * ({@link dev.vaekit.flows.ImageFlows}: RealNVP, Glow), the transforms between 8-bit data and the real line with the
 * bits/dim bookkeeping ({@link dev.vaekit.flows.Dequantization}), and a flow as a density model
 * ({@link dev.vaekit.flows.DensityFlow}). Used as VAE posteriors and priors and as stand-alone density models.
 */
package dev.vaekit.flows;
