package dev.vaekit.eval.disentanglement;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.FactorData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Disentanglement, completeness and informativeness (Eastwood &amp; Williams 2018, §3). A predictor of each factor from
 * the whole code gives an importance R_jk of code dimension j for factor k.
 *
 * <ul>
 *   <li>Disentanglement (eq. 2): D_j = 1 − H_K(P_j·) with P_jk = R_jk / Σ_k R_jk and H_K the entropy in base K (the
 *       number of factors): 1 when dimension j matters to one factor only; weighted by ρ_j = Σ_k R_jk / Σ R.
 *   <li>Completeness (eq. 3): C_k = 1 − H_D(P̃_·k) with P̃_jk = R_jk / Σ_j R_jk and D the code's length: 1 when one
 *       dimension alone captures factor k; weighted by factor k's share of the importance.
 *   <li>Informativeness: the predictors' accuracy, averaged over the factors, on training and on held-out
 *       observations (disentanglement_lib reports accuracy, not the paper's error).
 * </ul>
 *
 * The estimator is disentanglement_lib's: the predictor of each factor's class is a gradient-boosted tree ensemble
 * with scikit-learn's defaults ({@link GradientBoostedTrees}), R_jk its impurity importances, and, as there, 1e-11 is
 * added to every R_jk inside the entropies. With one code dimension completeness is 1, with one factor disentanglement
 * is 1 (the entropies in base 1 being undefined).
 */
public final class Dci implements DisentanglementMetric {

    /** Added to each importance inside the entropies, as disentanglement_lib does. */
    static final double EPSILON = 1e-11;

    /**
     * @param numTrain observations the predictors are trained on
     * @param numTest observations they are tested on
     * @param boosting the tree ensembles' settings
     */
    public record Settings(int numTrain, int numTest, GradientBoostedTrees.Settings boosting) {
        /** Validates the counts. */
        public Settings {
            if (numTrain < 2 || numTrain > Metrics.MAX_OBSERVATIONS) {
                throw new InvalidInputException(
                        "dci numTrain: expected 2 to " + Metrics.MAX_OBSERVATIONS + " observations, got " + numTrain);
            }
            if (numTest < 1 || numTest > Metrics.MAX_OBSERVATIONS) {
                throw new InvalidInputException(
                        "dci numTest: expected 1 to " + Metrics.MAX_OBSERVATIONS + " observations, got " + numTest);
            }
            if (boosting == null) {
                throw new InvalidInputException("dci boosting: expected settings, got none");
            }
        }

        /**
         * @return disentanglement_lib's unsupervised_study_v1 settings (dci.gin and dci.py): 10,000 training and
         *     5,000 test observations, scikit-learn's default gradient boosting (100 stages, depth 3, rate 0.1)
         */
        public static Settings defaults() {
            return new Settings(10_000, 5_000, GradientBoostedTrees.Settings.defaults());
        }
    }

    /**
     * The estimate's parts.
     *
     * @param disentanglement Σ_j ρ_j D_j
     * @param completeness Σ_k ρ_k C_k
     * @param informativenessTrain mean training accuracy of the predictors
     * @param informativenessTest mean held-out accuracy
     * @param importance R_jk, code dimension × factor
     * @param codeDisentanglement D_j
     * @param factorCompleteness C_k
     * @param trainAccuracy each factor's training accuracy
     * @param testAccuracy each factor's held-out accuracy
     */
    public record Estimate(
            double disentanglement,
            double completeness,
            double informativenessTrain,
            double informativenessTest,
            double[][] importance,
            double[] codeDisentanglement,
            double[] factorCompleteness,
            double[] trainAccuracy,
            double[] testAccuracy) {}

    private final Settings settings;

    /** With the default settings. */
    public Dci() {
        this(Settings.defaults());
    }

    /** @param settings the estimator's settings */
    public Dci(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "dci";
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
        Estimate e = estimate(train, test, settings.boosting(), seed);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("disentanglement", e.disentanglement());
        scores.put("completeness", e.completeness());
        scores.put("informativenessTrain", e.informativenessTrain());
        scores.put("informativenessTest", e.informativenessTest());
        Map<String, double[]> perFactor = new LinkedHashMap<>();
        perFactor.put("completeness", e.factorCompleteness());
        perFactor.put("testAccuracy", e.testAccuracy());
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
     * @param test held-out observations
     * @param boosting the ensembles' settings
     * @param seed seed of the ensembles
     * @return the scores and their parts
     */
    public static Estimate estimate(
            FactorCodes train, FactorCodes test, GradientBoostedTrees.Settings boosting, long seed) {
        int dims = train.codeSize();
        int factors = train.classes()[0].length;
        double[][] importance = new double[dims][factors];
        double[] trainAccuracy = new double[factors];
        double[] testAccuracy = new double[factors];
        for (int k = 0; k < factors; k++) {
            int[] y = train.factorColumn(k);
            GradientBoostedTrees model = GradientBoostedTrees.fit(train.codes(), y, boosting, seed + k);
            double[] r = model.featureImportances();
            for (int j = 0; j < dims; j++) {
                importance[j][k] = Math.abs(r[j]);
            }
            trainAccuracy[k] = model.accuracy(train.codes(), y);
            testAccuracy[k] = model.accuracy(test.codes(), test.factorColumn(k));
        }
        Parts parts = fromImportance(importance);
        return new Estimate(
                parts.disentanglement,
                parts.completeness,
                Metrics.mean(trainAccuracy),
                Metrics.mean(testAccuracy),
                importance,
                parts.perCode,
                parts.perFactor,
                trainAccuracy,
                testAccuracy);
    }

    /**
     * Disentanglement and completeness of an importance matrix.
     *
     * @param disentanglement Σ_j ρ_j D_j
     * @param completeness Σ_k ρ_k C_k
     * @param perCode D_j
     * @param perFactor C_k
     */
    public record Parts(double disentanglement, double completeness, double[] perCode, double[] perFactor) {}

    /**
     * @param importance R_jk ≥ 0, code dimension × factor
     * @return disentanglement and completeness (eqs. 2 and 3)
     */
    public static Parts fromImportance(double[][] importance) {
        int dims = importance.length;
        int factors = importance[0].length;
        double total = 0;
        double[] codeTotal = new double[dims];
        double[] factorTotal = new double[factors];
        for (int j = 0; j < dims; j++) {
            for (int k = 0; k < factors; k++) {
                double r = importance[j][k];
                if (!(r >= 0) || !Double.isFinite(r)) {
                    throw new IllegalArgumentException("importance " + j + "," + k + " is " + r);
                }
                total += r;
                codeTotal[j] += r;
                factorTotal[k] += r;
            }
        }
        double[] perCode = new double[dims];
        double[] perFactor = new double[factors];
        double disentanglement = 0;
        double completeness = 0;
        for (int j = 0; j < dims; j++) {
            perCode[j] = factors == 1 ? 1 : 1 - entropy(importance[j], factors);
            disentanglement += perCode[j] * (total > 0 ? codeTotal[j] / total : 1.0 / dims);
        }
        for (int k = 0; k < factors; k++) {
            double[] column = new double[dims];
            for (int j = 0; j < dims; j++) {
                column[j] = importance[j][k];
            }
            perFactor[k] = dims == 1 ? 1 : 1 - entropy(column, dims);
            completeness += perFactor[k] * (total > 0 ? factorTotal[k] / total : 1.0 / factors);
        }
        return new Parts(disentanglement, completeness, perCode, perFactor);
    }

    /** @return the entropy in base {@code base} of the weights plus {@link #EPSILON}, normalised */
    static double entropy(double[] weights, int base) {
        double sum = 0;
        for (double w : weights) {
            sum += w + EPSILON;
        }
        double h = 0;
        for (double w : weights) {
            double p = (w + EPSILON) / sum;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(base);
    }
}
