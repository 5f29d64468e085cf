package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.train.Configs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flow's test log-likelihood on 8-bit data with K dequantization draws: K = 1 is the papers' bound, K &gt; 1 the
 * log-mean-exp of K draws, which is never looser on average; continuous data have nothing to average.
 */
class ExactLogLikelihoodTest {
    private static final int N = 40;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(3);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private FlowModel flow(boolean dequantize) {
        Map<String, Object> o = new HashMap<>();
        o.put("model.type", "realnvp");
        o.put("model.hidden", List.of(4));
        o.put("model.residualBlocks", 1);
        o.put("model.flowLevels", 1);
        o.put("model.dequantize", dequantize);
        o.put("data.binarization", "none");
        ModelConfig c = Configs.build(null, o).model().withInputShape(1, 4, 4);
        FlowModel flow = new FlowModel(c, manager);
        Fixtures.perturb(flow.parameters(), 0.3f, 8);
        return flow;
    }

    /** N 4×4 images of 8-bit values k/255. */
    private static Dataset images() {
        SplittableRandom random = new SplittableRandom(4);
        float[] v = new float[N * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(256) / 255f;
        }
        return new Dataset("bytes", v, null, 1, 4, 4);
    }

    @Test
    void kDrawsAreTheLogMeanExpOfKOneDrawScores() {
        try (FlowModel flow = flow(true)) {
            Dataset data = images();
            int k = 6;
            ExactLogLikelihood estimator = new ExactLogLikelihood(flow);
            assertThat(estimator.draws()).isEqualTo(LikelihoodEstimator.Draws.DEQUANTIZATION);
            LikelihoodReport r = estimator.evaluate(data, k, 11);
            assertThat(r.k()).isEqualTo(k);
            double[] logLikelihoods = estimator.logLikelihoods(data, 11, k);
            assertThat(-LikelihoodReport.mean(logLikelihoods)).isEqualTo(r.nll());

            // the same draws by hand: one batch, so the engine's generator is called in the same order
            Engines.seed(11);
            NDArray x = Tensors.create(manager, data.features(), new Shape(N, 16));
            double[][] perDraw = new double[k][];
            for (int j = 0; j < k; j++) {
                float[] logP = flow.logProb(x).toFloatArray();
                perDraw[j] = new double[N];
                for (int i = 0; i < N; i++) {
                    perDraw[j][i] = logP[i];
                }
            }
            for (int i = 0; i < N; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, perDraw[j][i]);
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += Math.exp(perDraw[j][i] - max);
                }
                double expected = max + Math.log(sum / k);
                assertThat(logLikelihoods[i]).as("example %d", i).isCloseTo(expected, within(1e-3));
            }
        }
    }

    @Test
    void moreDrawsGiveATighterBoundOnAverage() {
        try (FlowModel flow = flow(true)) {
            Dataset data = images();
            double one = 0;
            double many = 0;
            for (long seed = 1; seed <= 3; seed++) {
                one += new ExactLogLikelihood(flow).evaluate(data, 1, seed).nll();
                many += new ExactLogLikelihood(flow).evaluate(data, 16, seed).nll();
            }
            // Jensen's gap of a non-constant density over each bin: the 16-draw NLL is lower by a clear margin
            assertThat(many).as("16 draws against 1 draw, summed over 3 seeds").isLessThan(one - 0.05);
            LikelihoodReport r = new ExactLogLikelihood(flow).evaluate(data, 16, 1);
            assertThat(r.bitsPerDim()).isCloseTo(r.nll() / (16 * Math.log(2)), within(1e-9));
        }
    }

    @Test
    void continuousDataHaveNoDrawsToAverage() {
        try (FlowModel flow = flow(false)) {
            Dataset data = images();
            ExactLogLikelihood estimator = new ExactLogLikelihood(flow);
            assertThat(estimator.draws()).isEqualTo(LikelihoodEstimator.Draws.NONE);
            assertThat(estimator.evaluate(data, 1, 1).k()).isEqualTo(1);
            assertThatThrownBy(() -> estimator.evaluate(data, 4, 1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("on continuous data has an exact density, with nothing to sample");
            assertThatThrownBy(() -> estimator.logLikelihoods(data, 1, 4))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("an exact density");
        }
    }
}
