package dev.vaekit.eval.disentanglement;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.FactorData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Separated Attribute Predictability score (Kumar et al. 2018, §3): a score S_jk says how well code dimension j
 * alone predicts factor k; for each factor the difference between the two best dimensions' scores, averaged over the
 * factors. High when each factor is predictable from one dimension only.
 *
 * <p>The estimator is disentanglement_lib's for discrete factors ({@code continuous_factors = False}, its setting for
 * every data set of Locatello et al. 2019): S_jk is the test accuracy of a linear SVM (squared hinge loss, C = 0.01,
 * classes weighted to balance, one class against the rest) trained on the single feature z_j to predict v_k's class.
 * One-dimensional linear classifiers separate few classes, so even a perfect code scores well below 1 on factors with
 * many classes; the score compares representations, it is not an accuracy.
 */
public final class SapScore implements DisentanglementMetric {

    /**
     * @param numTrain observations the classifiers are trained on
     * @param numTest observations they are tested on
     * @param svmC the SVM's inverse regularisation strength
     */
    public record Settings(int numTrain, int numTest, double svmC) {
        /** Validates the counts and C. */
        public Settings {
            if (numTrain < 2 || numTrain > Metrics.MAX_OBSERVATIONS) {
                throw new InvalidInputException(
                        "sap numTrain: expected 2 to " + Metrics.MAX_OBSERVATIONS + " observations, got " + numTrain);
            }
            if (numTest < 1 || numTest > Metrics.MAX_OBSERVATIONS) {
                throw new InvalidInputException(
                        "sap numTest: expected 1 to " + Metrics.MAX_OBSERVATIONS + " observations, got " + numTest);
            }
            if (!(svmC > 0) || !Double.isFinite(svmC)) {
                throw new InvalidInputException("sap svmC: expected a positive number, got " + svmC);
            }
        }

        /**
         * @return disentanglement_lib's unsupervised_study_v1 settings (sap_score.gin and sap_score.py): 10,000
         *     training and 5,000 test observations, C = 0.01
         */
        public static Settings defaults() {
            return new Settings(10_000, 5_000, 0.01);
        }
    }

    /**
     * The estimate's parts.
     *
     * @param sap the mean gap
     * @param gaps each factor's difference between its two best dimensions' accuracies
     * @param accuracies S_jk, code dimension × factor
     */
    public record Estimate(double sap, double[] gaps, double[][] accuracies) {}

    private final Settings settings;

    /** With the default settings. */
    public SapScore() {
        this(Settings.defaults());
    }

    /** @param settings the estimator's settings */
    public SapScore(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "sap";
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public MetricResult compute(FactorData data, RepresentationFunction representation, long seed) {
        long start = System.nanoTime();
        Metrics.scoredFactors(data);
        SplittableRandom random = new SplittableRandom(seed);
        FactorCodes train = FactorCodes.sample(data, representation, settings.numTrain(), random);
        FactorCodes test = FactorCodes.sample(data, representation, settings.numTest(), random);
        Estimate e = estimate(train, test, settings.svmC(), seed);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("sap", e.sap());
        Map<String, double[]> perFactor = new LinkedHashMap<>();
        perFactor.put("gap", e.gaps());
        perFactor.put("bestAccuracy", Metrics.columnMax(e.accuracies()));
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
     * @param train training observations
     * @param test test observations
     * @param c the SVM's C
     * @param seed seed of the solver
     * @return the score and its parts
     */
    public static Estimate estimate(FactorCodes train, FactorCodes test, double c, long seed) {
        int dims = train.codeSize();
        int factors = train.classes()[0].length;
        double[][] accuracy = new double[dims][factors];
        for (int j = 0; j < dims; j++) {
            double[][] x = column(train, j);
            double[][] xTest = column(test, j);
            for (int k = 0; k < factors; k++) {
                LinearClassifier svm =
                        LinearClassifier.squaredHingeSvm(x, train.factorColumn(k), c, true, seed + 31L * j + k);
                accuracy[j][k] = svm.accuracy(xTest, test.factorColumn(k));
            }
        }
        double[] gaps = Metrics.topTwoGaps(accuracy);
        return new Estimate(Metrics.mean(gaps), gaps, accuracy);
    }

    private static double[][] column(FactorCodes codes, int j) {
        double[][] x = new double[codes.size()][1];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = codes.codes()[i][j];
        }
        return x;
    }
}
