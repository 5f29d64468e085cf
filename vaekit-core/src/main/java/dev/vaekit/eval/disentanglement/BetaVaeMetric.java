package dev.vaekit.eval.disentanglement;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.FactorData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The β-VAE metric (Higgins et al. 2017, §3 and appendix A.4): draw pairs of observations that share the class of one
 * factor and differ at random in the others; the mean absolute difference of their codes over a batch of pairs is one
 * example, labelled by the shared factor; a linear classifier's accuracy at naming the factor is the score. 1 when the
 * shared factor always leaves a dimension of its own unchanged; chance is 1/K for K factors.
 *
 * <p>The estimator is disentanglement_lib's ({@code beta_vae_sklearn}): batches of 64 pairs, the factor drawn
 * uniformly, 10,000 training and 5,000 evaluation examples, and scikit-learn's {@code LogisticRegression} with its
 * defaults of the time (liblinear's L2-regularised logistic regression, C = 1, one class against the rest; see {@link
 * LinearClassifier}).
 */
public final class BetaVaeMetric implements DisentanglementMetric {

    /**
     * @param batchSize pairs averaged into one example
     * @param numTrain training examples
     * @param numEval evaluation examples
     * @param logisticC the logistic regression's inverse regularisation strength
     */
    public record Settings(int batchSize, int numTrain, int numEval, double logisticC) {
        /** Validates the values. */
        public Settings {
            if (batchSize < 1 || batchSize > Metrics.MAX_BATCH) {
                throw new InvalidInputException(
                        "betavae batchSize: expected 1 to " + Metrics.MAX_BATCH + ", got " + batchSize);
            }
            if (numTrain < 2 || numEval < 1 || numTrain > Metrics.MAX_VOTES || numEval > Metrics.MAX_VOTES) {
                throw new InvalidInputException("betavae numTrain and numEval: expected 2 and 1 to " + Metrics.MAX_VOTES
                        + ", got " + numTrain + " and " + numEval);
            }
            if (!(logisticC > 0) || !Double.isFinite(logisticC)) {
                throw new InvalidInputException("betavae logisticC: expected a positive number, got " + logisticC);
            }
        }

        /**
         * @return disentanglement_lib's unsupervised_study_v1 settings (beta_vae_sklearn.gin): batches of 64, 10,000
         *     training and 5,000 evaluation examples; C = 1 (scikit-learn's default)
         */
        public static Settings defaults() {
            return new Settings(64, 10_000, 5_000, 1.0);
        }
    }

    /**
     * The estimate's parts.
     *
     * @param trainAccuracy the classifier's accuracy on its training examples
     * @param evalAccuracy its accuracy on fresh examples
     * @param evalAccuracyPerFactor the evaluation accuracy among the examples of each factor
     */
    public record Estimate(double trainAccuracy, double evalAccuracy, double[] evalAccuracyPerFactor) {}

    private final Settings settings;

    /** With the default settings. */
    public BetaVaeMetric() {
        this(Settings.defaults());
    }

    /** @param settings the estimator's settings */
    public BetaVaeMetric(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "betavae";
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public MetricResult compute(FactorData data, RepresentationFunction representation, long seed) {
        long start = System.nanoTime();
        Estimate e = estimate(data, representation, settings, seed);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("trainAccuracy", e.trainAccuracy());
        scores.put("evalAccuracy", e.evalAccuracy());
        Map<String, double[]> perFactor = new LinkedHashMap<>();
        perFactor.put("evalAccuracy", e.evalAccuracyPerFactor());
        return new MetricResult(
                name(),
                scores,
                Metrics.factorNames(data),
                perFactor,
                settings,
                seed,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * @param data the data
     * @param representation the representation
     * @param settings the estimator's settings
     * @param seed the seed of every draw and of the solver
     * @return the accuracies
     */
    public static Estimate estimate(
            FactorData data, RepresentationFunction representation, Settings settings, long seed) {
        int factors = Metrics.scoredFactors(data);
        SplittableRandom random = new SplittableRandom(seed);
        FactorCodes.Encoder encoder = new FactorCodes.Encoder(data, representation, settings.batchSize());
        int[] trainLabels = new int[settings.numTrain()];
        double[][] train = examples(data, encoder, settings.batchSize(), trainLabels, random);
        LinearClassifier classifier = LinearClassifier.logistic(train, trainLabels, settings.logisticC(), seed);
        int[] evalLabels = new int[settings.numEval()];
        double[][] eval = examples(data, encoder, settings.batchSize(), evalLabels, random);
        double[] right = new double[factors];
        double[] total = new double[factors];
        for (int i = 0; i < eval.length; i++) {
            total[evalLabels[i]]++;
            right[evalLabels[i]] += classifier.predict(eval[i]) == evalLabels[i] ? 1 : 0;
        }
        double[] perFactor = new double[factors];
        for (int k = 0; k < factors; k++) {
            perFactor[k] = total[k] == 0 ? 0 : right[k] / total[k];
        }
        return new Estimate(classifier.accuracy(train, trainLabels), classifier.accuracy(eval, evalLabels), perFactor);
    }

    private static double[][] examples(
            FactorData data, FactorCodes.Encoder encoder, int batchSize, int[] labels, SplittableRandom random) {
        int[] scored = data.varyingFactors();
        double[][] out = new double[labels.length][];
        for (int p = 0; p < labels.length; p++) {
            int k = random.nextInt(scored.length);
            int[][] first = data.sampleFactors(batchSize, random);
            int[][] second = data.sampleFactors(batchSize, random);
            for (int b = 0; b < batchSize; b++) {
                second[b][scored[k]] = first[b][scored[k]];
            }
            double[][] z1 = encoder.encode(first);
            double[][] z2 = encoder.encode(second);
            double[] feature = new double[z1[0].length];
            for (int b = 0; b < batchSize; b++) {
                for (int j = 0; j < feature.length; j++) {
                    feature[j] += Math.abs(z1[b][j] - z2[b][j]) / batchSize;
                }
            }
            labels[p] = k;
            out[p] = feature;
        }
        return out;
    }
}
