/**
 * Data with known generative factors, generated exactly in code: the {@link dev.vaekit.data.factors.FactorData}
 * contract (factors, index ↔ classes, rendering on demand, seeded sampling), dSprites and a small sprite set for tests
 * ({@link dev.vaekit.data.factors.Sprites}), and {@link dev.vaekit.data.factors.FactorValues}, whose observations are
 * the factor values themselves. Disentanglement metrics ({@code dev.vaekit.eval.disentanglement}) read these.
 */
package dev.vaekit.data.factors;
