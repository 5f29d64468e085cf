package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The factorised observation models read one example's output arrays in vaekit's layouts. */
class ObservationModelTest {
    @Test
    void bernoulliTakesOneLogitPerFeature() {
        ObservationModel p = ObservationModel.bernoulli(new float[] {0.5f, -1f, 2f});
        assertThat(((FeatureDistribution.Bernoulli) p.feature(1, new int[3])).logit())
                .isEqualTo(-1.0);
        assertThat(p.feature(2, new int[3]).symbols()).isEqualTo(2);
    }

    @Test
    void categoricalReadsTheClassesByDLayout() {
        // 3 classes × 2 features: value v of feature i at v·2 + i
        float[] logits = {10, 20, 11, 21, 12, 22};
        ObservationModel p = ObservationModel.categorical(logits, 3);
        assertThat(((FeatureDistribution.Categorical) p.feature(0, new int[2])).logits())
                .containsExactly(10, 11, 12);
        assertThat(((FeatureDistribution.Categorical) p.feature(1, new int[2])).logits())
                .containsExactly(20, 21, 22);
    }

    @Test
    void logisticMixtureReadsTheComponentsByDLayout() {
        // K = 2 components × 3 features: component k of feature i at k·3 + i
        float[] w = {1, 2, 3, 4, 5, 6};
        float[] mu = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        float[] logS = {-1, -2, -3, -4, -5, -6};
        FeatureDistribution.LogisticMixture feature = (FeatureDistribution.LogisticMixture)
                ObservationModel.logisticMixture(w, mu, logS, 2).feature(2, new int[3]);
        assertThat(feature.weightLogits()).containsExactly(3, 6);
        assertThat(feature.means()).containsExactly(0.3f, 0.6f);
        assertThat(feature.logScales()).containsExactly(-3, -6);
        assertThat(feature.symbols()).isEqualTo(256);
    }

    @Test
    void posteriorWidensFloatsExactly() {
        GaussianPosterior q = GaussianPosterior.of(new float[] {0.1f, -2f}, new float[] {-3.3f, 0f});
        assertThat(q.mean()).containsExactly(0.1f, -2);
        assertThat(q.logVariance()).containsExactly(-3.3f, 0);
    }
}
