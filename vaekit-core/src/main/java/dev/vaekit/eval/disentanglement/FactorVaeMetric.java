package dev.vaekit.eval.disentanglement;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.FactorData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The FactorVAE metric (Kim &amp; Mnih 2018, §4): fix one factor, draw a batch of observations with the others random,
 * and find the code dimension whose variance over the batch, divided by its variance over the whole data, is smallest;
 * a majority-vote classifier maps each dimension to the factor it was most often found for, and its accuracy is the
 * score. 1 when fixing any factor freezes a dimension of its own; chance is the largest share of one factor among the
 * votes (about 1/K for K factors).
 *
 * <p>The estimator is disentanglement_lib's: global variances (with Bessel's correction) from 10,000 observations;
 * dimensions whose global standard deviation is below 0.05 are left out (collapsed to the prior); batches of 64; the
 * fixed factor drawn uniformly and fixed at the class of the batch's first draw; 10,000 votes train the classifier and
 * 5,000 fresh votes test it. With no dimension left, both accuracies are 0.
 */
public final class FactorVaeMetric implements DisentanglementMetric {

    /**
     * @param batchSize observations per vote
     * @param numTrain votes the classifier is built from
     * @param numEval votes it is tested on
     * @param numVarianceEstimate observations the global variances are estimated from
     * @param pruneThreshold dimensions whose global standard deviation is below this are left out
     */
    public record Settings(int batchSize, int numTrain, int numEval, int numVarianceEstimate, double pruneThreshold) {
        /** Validates the values. */
        public Settings {
            if (batchSize < 2 || batchSize > Metrics.MAX_BATCH) {
                throw new InvalidInputException(
                        "factorvae batchSize: expected 2 to " + Metrics.MAX_BATCH + ", got " + batchSize);
            }
            if (numTrain < 1 || numEval < 1 || numTrain > Metrics.MAX_VOTES || numEval > Metrics.MAX_VOTES) {
                throw new InvalidInputException("factorvae numTrain and numEval: expected 1 to " + Metrics.MAX_VOTES
                        + " votes each, got " + numTrain + " and " + numEval);
            }
            if (numVarianceEstimate < 2 || numVarianceEstimate > Metrics.MAX_OBSERVATIONS) {
                throw new InvalidInputException("factorvae numVarianceEstimate: expected 2 to "
                        + Metrics.MAX_OBSERVATIONS + ", got " + numVarianceEstimate);
            }
            if (!(pruneThreshold >= 0) || !Double.isFinite(pruneThreshold)) {
                throw new InvalidInputException(
                        "factorvae pruneThreshold: expected a number ≥ 0, got " + pruneThreshold);
            }
        }

        /**
         * @return disentanglement_lib's unsupervised_study_v1 settings (factor_vae_metric.gin): batches of 64, 10,000
         *     training and 5,000 evaluation votes, variances from 10,000 observations, prune threshold 0.05
         */
        public static Settings defaults() {
            return new Settings(64, 10_000, 5_000, 10_000, 0.05);
        }
    }

    /**
     * The estimate's parts.
     *
     * @param trainAccuracy the classifier's accuracy on its own votes
     * @param evalAccuracy its accuracy on fresh votes
     * @param activeDimensions dimensions kept
     * @param trainVotes factor × code dimension counts of the training votes
     * @param evalVotes the same for the evaluation votes
     * @param classifier the factor each dimension votes for (−1 for a dimension without votes)
     */
    public record Estimate(
            double trainAccuracy,
            double evalAccuracy,
            int activeDimensions,
            long[][] trainVotes,
            long[][] evalVotes,
            int[] classifier) {}

    private final Settings settings;

    /** With the default settings. */
    public FactorVaeMetric() {
        this(Settings.defaults());
    }

    /** @param settings the estimator's settings */
    public FactorVaeMetric(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "factorvae";
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public MetricResult compute(FactorData data, RepresentationFunction representation, long seed) {
        long start = System.nanoTime();
        Estimate e = estimate(data, representation, settings, new SplittableRandom(seed));
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("trainAccuracy", e.trainAccuracy());
        scores.put("evalAccuracy", e.evalAccuracy());
        scores.put("activeDimensions", (double) e.activeDimensions());
        Map<String, double[]> perFactor = new LinkedHashMap<>();
        perFactor.put("evalAccuracy", perFactorAccuracy(e.evalVotes(), e.classifier()));
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
     * @param random the generator of every draw
     * @return the accuracies and the votes
     */
    public static Estimate estimate(
            FactorData data, RepresentationFunction representation, Settings settings, SplittableRandom random) {
        int[] scored = data.varyingFactors();
        int factors = Metrics.scoredFactors(data);
        FactorCodes.Encoder encoder =
                new FactorCodes.Encoder(data, representation, Math.max(settings.batchSize(), FactorCodes.ENCODE_BATCH));
        // global variances, in batches of 64 as disentanglement_lib encodes them
        double[][] all = new double[settings.numVarianceEstimate()][];
        for (int s = 0; s < all.length; s += FactorCodes.ENCODE_BATCH) {
            int count = Math.min(FactorCodes.ENCODE_BATCH, all.length - s);
            double[][] codes = encoder.encode(data.sampleFactors(count, random));
            System.arraycopy(codes, 0, all, s, count);
        }
        double[] global = variances(all);
        int dims = global.length;
        boolean[] active = new boolean[dims];
        int activeCount = 0;
        for (int j = 0; j < dims; j++) {
            active[j] = Math.sqrt(global[j]) >= settings.pruneThreshold();
            activeCount += active[j] ? 1 : 0;
        }
        if (activeCount == 0) {
            return new Estimate(0, 0, 0, new long[factors][dims], new long[factors][dims], new int[dims]);
        }
        long[][] trainVotes =
                votes(data, encoder, scored, settings.batchSize(), settings.numTrain(), global, active, random);
        int[] classifier = new int[dims];
        for (int j = 0; j < dims; j++) {
            classifier[j] = -1;
            long most = 0;
            for (int k = 0; k < factors; k++) {
                if (trainVotes[k][j] > most) {
                    most = trainVotes[k][j];
                    classifier[j] = k;
                }
            }
        }
        long[][] evalVotes =
                votes(data, encoder, scored, settings.batchSize(), settings.numEval(), global, active, random);
        return new Estimate(
                accuracy(trainVotes, classifier),
                accuracy(evalVotes, classifier),
                activeCount,
                trainVotes,
                evalVotes,
                classifier);
    }

    private static long[][] votes(
            FactorData data,
            FactorCodes.Encoder encoder,
            int[] scored,
            int batchSize,
            int points,
            double[] global,
            boolean[] active,
            SplittableRandom random) {
        long[][] votes = new long[scored.length][global.length];
        for (int p = 0; p < points; p++) {
            int k = random.nextInt(scored.length);
            int[][] classes = data.sampleFactors(batchSize, random);
            int factor = scored[k];
            for (int[] row : classes) {
                row[factor] = classes[0][factor];
            }
            double[] local = variances(encoder.encode(classes));
            int argmin = -1;
            for (int j = 0; j < global.length; j++) {
                if (active[j] && (argmin < 0 || local[j] / global[j] < local[argmin] / global[argmin])) {
                    argmin = j;
                }
            }
            votes[k][argmin]++;
        }
        return votes;
    }

    private static double accuracy(long[][] votes, int[] classifier) {
        long right = 0;
        long total = 0;
        for (int k = 0; k < votes.length; k++) {
            for (int j = 0; j < classifier.length; j++) {
                total += votes[k][j];
                right += classifier[j] == k ? votes[k][j] : 0;
            }
        }
        return total == 0 ? 0 : right / (double) total;
    }

    private static double[] perFactorAccuracy(long[][] votes, int[] classifier) {
        double[] out = new double[votes.length];
        for (int k = 0; k < votes.length; k++) {
            long right = 0;
            long total = 0;
            for (int j = 0; j < classifier.length; j++) {
                total += votes[k][j];
                right += classifier[j] == k ? votes[k][j] : 0;
            }
            out[k] = total == 0 ? 0 : right / (double) total;
        }
        return out;
    }

    /** @return each column's variance with Bessel's correction (NumPy's {@code var(ddof=1)}) */
    static double[] variances(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] var = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double e = row[j] - mean[j];
                var[j] += e * e;
            }
        }
        for (int j = 0; j < d; j++) {
            var[j] /= n - 1;
        }
        return var;
    }
}
