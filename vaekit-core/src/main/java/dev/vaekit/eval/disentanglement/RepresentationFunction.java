package dev.vaekit.eval.disentanglement;

/**
 * What a disentanglement metric scores: a map from observations to codes, usually a trained encoder's posterior means
 * (disentanglement_lib's "mean" representation). Independent of any model class; an adapter turns a trained model
 * into one.
 */
@FunctionalInterface
public interface RepresentationFunction {

    /**
     * @param observations a batch of observations, each a row of {@code FactorData.observationSize()} values in the
     *     data's (channel, row, column) order; the arrays are reused once this returns, so an implementation must not
     *     keep them
     * @return one code per observation, all of the same length, finite
     */
    float[][] encode(float[][] observations);
}
