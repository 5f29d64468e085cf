package dev.vaekit.compress;

/**
 * The distribution p(x_i | z, …) of one feature of an example, as the model's raw outputs; {@link #codec} turns it
 * into frequencies after rounding every parameter to the {@link ParameterGrid}. The arrays are the caller's and are
 * not copied.
 */
public sealed interface FeatureDistribution {
    /** @return the number of values the feature can take */
    int symbols();

    /**
     * @param grid the rounding of the parameters
     * @param precision the codec's precision P
     * @return the feature's codec
     */
    SymbolCodec codec(ParameterGrid grid, int precision);

    /**
     * A binary feature, from the logit log(p₁/p₀) (vaekit's Bernoulli decoder).
     *
     * @param logit the logit
     */
    record Bernoulli(double logit) implements FeatureDistribution {
        @Override
        public int symbols() {
            return 2;
        }

        @Override
        public SymbolCodec codec(ParameterGrid grid, int precision) {
            return new BernoulliCodec(grid.round(logit), precision);
        }
    }

    /**
     * A categorical feature, from one logit per value (vaekit's 256-way softmax decoder, PixelRNN section 2.2).
     *
     * @param logits the logits, one per value
     */
    record Categorical(double[] logits) implements FeatureDistribution {
        @Override
        public int symbols() {
            return logits.length;
        }

        @Override
        public SymbolCodec codec(ParameterGrid grid, int precision) {
            return CategoricalCodec.fromLogits(grid.round(logits), precision);
        }
    }

    /**
     * An 8-bit feature from a discretized logistic mixture (PixelCNN++, eq. 2), in the units of {@link
     * dev.vaekit.distributions.DiscretizedLogistic}.
     *
     * @param weightLogits the K mixture logits
     * @param means the K means in [−1, 1] units
     * @param logScales the K log-scales in [−1, 1] units
     */
    record LogisticMixture(double[] weightLogits, double[] means, double[] logScales) implements FeatureDistribution {
        @Override
        public int symbols() {
            return 256;
        }

        @Override
        public SymbolCodec codec(ParameterGrid grid, int precision) {
            return new LogisticMixtureCodec(
                    grid.round(weightLogits), grid.round(means), grid.round(logScales), precision);
        }
    }
}
