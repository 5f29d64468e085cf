package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.data.ColumnKind;
import dev.vaekit.data.TableSchema;
import dev.vaekit.data.TableSchema.Column;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import dev.vaekit.train.Configs;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MixedObservationTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** numeric (std 2), binary, categorical {a, b, c}, numeric (std 0.5). */
    private static final TableSchema SCHEMA = new TableSchema(
            null,
            null,
            List.of(
                    new Column("u", ColumnKind.NUMERIC, null, 1.0, 2.0),
                    new Column("flag", ColumnKind.BINARY, List.of("0", "1"), null, null),
                    new Column("kind", ColumnKind.CATEGORICAL, List.of("a", "b", "c"), null, null),
                    new Column("v", ColumnKind.NUMERIC, null, 0.0, 0.5)));

    private static ModelConfig config(GaussianVariance variance, double sigma) {
        return ModelConfig.builder("dense-vae")
                .latentDim(2)
                .hidden(4)
                .activation(Configs.defaults().model().activation())
                .family(VaeConfig.builder()
                        .likelihood(Fixtures.likelihood(LikelihoodKind.MIXED, variance, sigma))
                        .build())
                .build()
                .withInputShape(1, 1, SCHEMA.encodedDim());
    }

    /** The observation model of {@link #config}, as the decoder builds it. */
    private static ObservationModel observation(GaussianVariance variance, double sigma, Parameters params) {
        ModelConfig config = config(variance, sigma);
        return ObservationModel.create(config, config.family(VaeConfig.class).likelihood(), SCHEMA, params);
    }

    private static double logNormal(double x, double mean, double sigma) {
        return -0.5 * Math.log(2 * Math.PI) - Math.log(sigma) - 0.5 * Math.pow((x - mean) / sigma, 2);
    }

    private static double logSigmoid(double l) {
        return -Math.log1p(Math.exp(-l));
    }

    @Test
    void logProbIsTheSumOfTheColumnsLikelihoodsInOriginalUnits() {
        try (Parameters params = new Parameters(manager)) {
            ObservationModel p = observation(GaussianVariance.FIXED, 0.7, params);
            // x: u = 0.3 (standardised), flag = 1, kind = c, v = -1.2
            NDArray x = manager.create(new float[] {0.3f, 1f, 0f, 0f, 1f, -1.2f}, new Shape(1, 6));
            float[] out = {0.1f, -0.4f, 0.5f, 2f, -1f, -1f};
            NDArray output = manager.create(out, new Shape(1, 6));

            double lse = Math.log(Math.exp(0.5) + Math.exp(2) + Math.exp(-1));
            double expected = logNormal(0.3, 0.1, 0.7)
                    + logSigmoid(-0.4)
                    + (-1 - lse)
                    + logNormal(-1.2, -1, 0.7)
                    - Math.log(2.0)
                    - Math.log(0.5);

            assertThat(p.logProb(x, output).getFloat(0)).isCloseTo((float) expected, within(1e-5f));
        }
    }

    @Test
    void learnedSigmaHasOneEntryPerNumericColumnAndBroadcastsOverSamples() {
        try (Parameters params = new Parameters(manager)) {
            ObservationModel p = observation(GaussianVariance.PER_DIMENSION, 1.0, params);
            assertThat(params.asMap().get("decoder.logSigma").getShape()).isEqualTo(new Shape(2));
            params.asMap().get("decoder.logSigma").set(new float[] {(float) Math.log(0.5), (float) Math.log(3)});

            NDArray x = manager.create(new float[] {0.3f, 0f, 1f, 0f, 0f, 2f}, new Shape(1, 6));
            NDArray output = manager.zeros(new Shape(2, 1, 6)); // L = 2 samples of the decoder output
            double expected = logNormal(0.3, 0, 0.5)
                    + logSigmoid(0)
                    - Math.log(3)
                    + logNormal(2, 0, 3)
                    - Math.log(2.0)
                    - Math.log(0.5);

            NDArray lp = p.logProb(x, output);
            assertThat(lp.getShape()).isEqualTo(new Shape(2, 1));
            assertThat(lp.getFloat(0, 0)).isCloseTo((float) expected, within(1e-5f));
            assertThat(lp.getFloat(1, 0)).isEqualTo(lp.getFloat(0, 0));
        }
    }

    @Test
    void meanIsTheValueTheProbabilityAndTheSoftmax() {
        try (Parameters params = new Parameters(manager)) {
            ObservationModel p = observation(GaussianVariance.FIXED, 1, params);
            NDArray output = manager.create(new float[] {0.1f, 0f, 0f, 0f, (float) Math.log(2), 3f}, new Shape(1, 6));

            assertThat(p.mean(output).toFloatArray()).containsExactly(0.1f, 0.5f, 0.25f, 0.25f, 0.5f, 3f);
        }
    }
}
