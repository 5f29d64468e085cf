package dev.vaekit.eval.disentanglement;

import dev.vaekit.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gradient-boosted regression trees for classification (Friedman 2001) with impurity-based feature importances, as
 * scikit-learn's {@code GradientBoostingClassifier} with its default settings computes them, for DCI's importance
 * matrix (Eastwood &amp; Williams 2018 use the importances of such an ensemble as R_ij).
 *
 * <p>Loss: the multinomial deviance for more than two classes, one regression tree per class and stage fitted to the
 * negative gradient y_ik − p_ik at the stage's start (Friedman 2001, algorithm 6); the binomial deviance for two, one
 * tree per stage. Initial scores: log class frequencies (log-odds for two classes). Leaves take one Newton step: (K −
 * 1)/K · Σ r / Σ p(1 − p) (Σ r / Σ p(1 − p) for two classes), shrunk by the learning rate.
 *
 * <p>Trees: grown to a maximum depth; a node splits when it holds at least two examples and its residuals' variance
 * exceeds 1e-7, at the threshold (over all features, each cut halfway between consecutive distinct values at least
 * 1e-7 apart) that maximises Friedman's improvement n_L n_R (ȳ_L − ȳ_R)² / n, even when that is 0. Features are
 * visited in a random order per node, the first best kept, so that equal features share the splits at random as in
 * scikit-learn; the order comes from the seed. Features are rounded to single precision first, as scikit-learn does.
 *
 * <p>Importances: a split on feature f contributes its decrease of weighted squared error, n_L n_R (ȳ_L − ȳ_R)² / n;
 * each tree's contributions are normalised to sum to 1 (all 0 for a tree without a split), averaged over a stage's
 * trees, then over the stages: scikit-learn's formula before version 0.22, the one disentanglement_lib's published
 * DCI scores used.
 */
public final class GradientBoostedTrees {

    /** Values closer than this are not cut apart (scikit-learn's FEATURE_THRESHOLD). */
    static final double FEATURE_THRESHOLD = 1e-7;

    /** A node whose residuals' variance is at most this is a leaf (scikit-learn's min_impurity_split before 0.25). */
    static final double MIN_IMPURITY = 1e-7;

    /**
     * @param stages boosting stages
     * @param maxDepth each tree's maximum depth
     * @param learningRate shrinkage of each stage
     */
    public record Settings(int stages, int maxDepth, double learningRate) {
        /** Validates the values. */
        public Settings {
            if (stages < 1 || stages > 100_000) {
                throw new InvalidInputException("gradient boosting stages: expected 1 to 100000, got " + stages);
            }
            if (maxDepth < 1 || maxDepth > 16) {
                throw new InvalidInputException("gradient boosting maxDepth: expected 1 to 16, got " + maxDepth);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new InvalidInputException(
                        "gradient boosting learningRate: expected a positive number, got " + learningRate);
            }
        }

        /** @return scikit-learn's defaults: 100 stages, depth 3, learning rate 0.1 */
        public static Settings defaults() {
            return new Settings(100, 3, 0.1);
        }
    }

    /** One regression tree in arrays; node 0 is the root, a leaf has feature −1. */
    private record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
        double predict(float[] x) {
            int node = 0;
            while (feature[node] >= 0) {
                node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
            }
            return value[node];
        }
    }

    private final int[] labels;
    private final double[] init;
    private final List<Tree[]> stages;
    private final double learningRate;
    private final double[] importances;
    private final int features;

    private GradientBoostedTrees(
            int[] labels, double[] init, List<Tree[]> stages, double learningRate, double[] importances) {
        this.labels = labels;
        this.init = init;
        this.stages = stages;
        this.learningRate = learningRate;
        this.importances = importances;
        this.features = importances.length;
    }

    /**
     * @param x training rows, all of the same length, finite
     * @param y class of each row, any integers
     * @param settings the ensemble's settings
     * @param seed seed of the feature orders
     * @return the fitted ensemble
     */
    public static GradientBoostedTrees fit(double[][] x, int[] y, Settings settings, long seed) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException(n + " rows and " + y.length + " classes; expected as many, not 0");
        }
        int d = x[0].length;
        float[][] columns = new float[d][n];
        for (int i = 0; i < n; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + d);
            }
            for (int f = 0; f < d; f++) {
                columns[f][i] = (float) x[i][f];
            }
        }
        int[] labels = Arrays.stream(y).distinct().sorted().toArray();
        int[] target = new int[n];
        for (int i = 0; i < n; i++) {
            target[i] = Arrays.binarySearch(labels, y[i]);
        }
        int k = labels.length;
        double[] counts = new double[k];
        for (int t : target) {
            counts[t]++;
        }
        if (k == 1) {
            return new GradientBoostedTrees(
                    labels, new double[] {0}, List.of(), settings.learningRate(), new double[d]);
        }
        int[][] order = new int[d][];
        for (int f = 0; f < d; f++) {
            order[f] = sortedOrder(columns[f]);
        }
        SplittableRandom random = new SplittableRandom(seed);
        TreeBuilder builder = new TreeBuilder(columns, order, settings.maxDepth(), random);
        boolean binary = k == 2;
        int outputs = binary ? 1 : k;
        double[] init = new double[outputs];
        if (binary) {
            init[0] = Math.log(counts[1] / counts[0]);
        } else {
            for (int c = 0; c < k; c++) {
                init[c] = Math.log(counts[c] / n);
            }
        }
        double[][] raw = new double[outputs][n];
        for (int c = 0; c < outputs; c++) {
            Arrays.fill(raw[c], init[c]);
        }
        double[][] p = new double[outputs][n];
        double[] residual = new double[n];
        double[] hessian = new double[n];
        double[] importances = new double[d];
        double[] treeImportance = new double[d];
        List<Tree[]> stages = new ArrayList<>();
        double leafFactor = binary ? 1 : (k - 1) / (double) k;
        for (int m = 0; m < settings.stages(); m++) {
            probabilities(raw, p, binary);
            Tree[] stage = new Tree[outputs];
            double[] stageImportance = new double[d];
            for (int c = 0; c < outputs; c++) {
                int positive = binary ? 1 : c;
                for (int i = 0; i < n; i++) {
                    double pi = p[c][i];
                    residual[i] = (target[i] == positive ? 1 : 0) - pi;
                    hessian[i] = pi * (1 - pi);
                }
                Arrays.fill(treeImportance, 0);
                Tree tree = builder.build(residual, hessian, leafFactor, treeImportance);
                stage[c] = tree;
                double total = 0;
                for (double v : treeImportance) {
                    total += v;
                }
                if (total > 0) {
                    for (int f = 0; f < d; f++) {
                        stageImportance[f] += treeImportance[f] / total;
                    }
                }
                int[] leafOf = builder.leafOfExample();
                double[] rawC = raw[c];
                for (int i = 0; i < n; i++) {
                    rawC[i] += settings.learningRate() * tree.value()[leafOf[i]];
                }
            }
            for (int f = 0; f < d; f++) {
                importances[f] += stageImportance[f] / outputs;
            }
            stages.add(stage);
        }
        for (int f = 0; f < d; f++) {
            importances[f] /= settings.stages();
        }
        return new GradientBoostedTrees(labels, init, stages, settings.learningRate(), importances);
    }

    private static void probabilities(double[][] raw, double[][] p, boolean binary) {
        int n = raw[0].length;
        if (binary) {
            for (int i = 0; i < n; i++) {
                p[0][i] = 1 / (1 + Math.exp(-raw[0][i]));
            }
            return;
        }
        int k = raw.length;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, raw[c][i]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(raw[c][i] - max);
                p[c][i] = e;
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                p[c][i] /= sum;
            }
        }
    }

    /** @return the example indices in increasing order of the values, ties in index order */
    private static int[] sortedOrder(float[] values) {
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToIntBits(values[i] == 0f ? 0f : values[i]); // −0 sorts with +0
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // negative floats reversed: bit order = value order
            keys[i] = ((long) sortable << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /**
     * @param x a row of the training rows' length
     * @return its raw scores: one per class (log-probabilities up to a constant), or the log-odds of the second class
     *     for two classes
     */
    double[] decisionFunction(double[] x) {
        if (x.length != features) {
            throw new IllegalArgumentException("expected " + features + " features, got " + x.length);
        }
        float[] xf = new float[x.length];
        for (int f = 0; f < x.length; f++) {
            xf[f] = (float) x[f];
        }
        double[] score = init.clone();
        for (Tree[] stage : stages) {
            for (int c = 0; c < stage.length; c++) {
                score[c] += learningRate * stage[c].predict(xf);
            }
        }
        return score;
    }

    /**
     * @param x a row of the training rows' length
     * @return its predicted class: the largest score, the first of equal ones
     */
    public int predict(double[] x) {
        double[] score = decisionFunction(x);
        if (labels.length == 1) {
            return labels[0];
        }
        if (score.length == 1) {
            return labels[score[0] > 0 ? 1 : 0];
        }
        int best = 0;
        for (int c = 1; c < score.length; c++) {
            if (score[c] > score[best]) {
                best = c;
            }
        }
        return labels[best];
    }

    /**
     * @param x rows
     * @param y their classes
     * @return the fraction predicted right
     */
    public double accuracy(double[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            right += predict(x[i]) == y[i] ? 1 : 0;
        }
        return right / (double) x.length;
    }

    /** @return each feature's importance, non-negative, summing to 1 unless no tree split */
    public double[] featureImportances() {
        return importances.clone();
    }

    /** @return the classes seen in training, in increasing order */
    public int[] classes() {
        return labels.clone();
    }

    /**
     * Grows regression trees level by level over presorted features: at each level one pass over each feature's
     * sorted examples finds the best cut of every node of that level at once.
     */
    private static final class TreeBuilder {
        private final float[][] columns;
        private final int[][] order;
        private final int maxDepth;
        private final SplittableRandom random;
        private final int n;
        private final int[] nodeOf;
        private final int maxNodes;
        // per node
        private final int[] feature;
        private final double[] threshold;
        private final int[] left;
        private final int[] right;
        private final double[] value;
        private final int[] count;
        private final double[] sum;
        private final double[] sumSquares;
        private final double[] sumHessian;
        private final boolean[] splitting;
        private final int[][] rank;
        private final double[] bestGain;
        private final double[] bestPairs;
        private final int[] bestFeature;
        private final double[] bestThreshold;
        private final int[] bestLeftCount;
        private final double[] bestLeftSum;
        private final int[] leftCount;
        private final double[] leftSum;
        private final float[] lastValue;

        TreeBuilder(float[][] columns, int[][] order, int maxDepth, SplittableRandom random) {
            this.columns = columns;
            this.order = order;
            this.maxDepth = maxDepth;
            this.random = random;
            this.n = columns[0].length;
            this.nodeOf = new int[n];
            this.maxNodes = (1 << (maxDepth + 1)) - 1;
            int d = columns.length;
            feature = new int[maxNodes];
            threshold = new double[maxNodes];
            left = new int[maxNodes];
            right = new int[maxNodes];
            value = new double[maxNodes];
            count = new int[maxNodes];
            sum = new double[maxNodes];
            sumSquares = new double[maxNodes];
            sumHessian = new double[maxNodes];
            splitting = new boolean[maxNodes];
            rank = new int[maxNodes][d];
            bestGain = new double[maxNodes];
            bestPairs = new double[maxNodes];
            bestFeature = new int[maxNodes];
            bestThreshold = new double[maxNodes];
            bestLeftCount = new int[maxNodes];
            bestLeftSum = new double[maxNodes];
            leftCount = new int[maxNodes];
            leftSum = new double[maxNodes];
            lastValue = new float[maxNodes];
        }

        /** @return the leaf each training example ended in, for the last tree built */
        int[] leafOfExample() {
            return nodeOf;
        }

        /**
         * @param residual the regression target
         * @param hessian p(1 − p) of each example, the Newton step's denominator
         * @param leafFactor the Newton step's factor
         * @param importance where each split's decrease of weighted squared error is added, per feature
         * @return the tree
         */
        Tree build(double[] residual, double[] hessian, double leafFactor, double[] importance) {
            int d = columns.length;
            Arrays.fill(nodeOf, 0);
            Arrays.fill(feature, -1);
            int nodes = 1;
            count[0] = n;
            sum[0] = 0;
            sumSquares[0] = 0;
            sumHessian[0] = 0;
            for (int i = 0; i < n; i++) {
                sum[0] += residual[i];
                sumSquares[0] += residual[i] * residual[i];
                sumHessian[0] += hessian[i];
            }
            int levelStart = 0;
            int levelEnd = 1;
            for (int depth = 0; depth < maxDepth && levelStart < levelEnd; depth++) {
                boolean any = false;
                for (int v = levelStart; v < levelEnd; v++) {
                    double mean = sum[v] / count[v];
                    double variance = sumSquares[v] / count[v] - mean * mean;
                    splitting[v] = count[v] >= 2 && variance > MIN_IMPURITY;
                    if (splitting[v]) {
                        any = true;
                        bestFeature[v] = -1;
                        shuffleRanks(rank[v]);
                    }
                }
                if (!any) {
                    break;
                }
                for (int f = 0; f < d; f++) {
                    for (int v = levelStart; v < levelEnd; v++) {
                        leftCount[v] = 0;
                        leftSum[v] = 0;
                    }
                    float[] column = columns[f];
                    for (int i : order[f]) {
                        int v = nodeOf[i];
                        if (v < levelStart || !splitting[v]) {
                            continue;
                        }
                        float x = column[i];
                        int nl = leftCount[v];
                        if (nl > 0 && x > (double) lastValue[v] + FEATURE_THRESHOLD) {
                            int nr = count[v] - nl;
                            double diff = nr * leftSum[v] - nl * (sum[v] - leftSum[v]);
                            // the gain diff² / (n_L n_R) against the best one, cross-multiplied to spare a division
                            double gain = diff * diff;
                            double pairs = (double) nl * nr;
                            double lhs = gain * bestPairs[v];
                            double rhs = bestGain[v] * pairs;
                            if (bestFeature[v] < 0
                                    || lhs > rhs
                                    || (lhs == rhs && rank[v][f] < rank[v][bestFeature[v]])) {
                                bestGain[v] = gain;
                                bestPairs[v] = pairs;
                                bestFeature[v] = f;
                                double t = lastValue[v] / 2.0 + x / 2.0;
                                bestThreshold[v] = t == x || !Double.isFinite(t) ? lastValue[v] : t;
                                bestLeftCount[v] = nl;
                                bestLeftSum[v] = leftSum[v];
                            }
                        }
                        leftCount[v] = nl + 1;
                        leftSum[v] += residual[i];
                        lastValue[v] = x;
                    }
                }
                int nextStart = nodes;
                for (int v = levelStart; v < levelEnd; v++) {
                    if (!splitting[v] || bestFeature[v] < 0) {
                        continue;
                    }
                    int f = bestFeature[v];
                    feature[v] = f;
                    threshold[v] = bestThreshold[v];
                    left[v] = nodes++;
                    right[v] = nodes++;
                    int nl = bestLeftCount[v];
                    int nr = count[v] - nl;
                    double diff = nr * bestLeftSum[v] - nl * (sum[v] - bestLeftSum[v]);
                    importance[f] += diff * diff / ((double) nl * nr * count[v]);
                    for (int c : new int[] {left[v], right[v]}) {
                        count[c] = 0;
                        sum[c] = 0;
                        sumSquares[c] = 0;
                        sumHessian[c] = 0;
                    }
                }
                for (int i = 0; i < n; i++) {
                    int v = nodeOf[i];
                    if (v >= levelStart && feature[v] >= 0) {
                        int c = columns[feature[v]][i] <= threshold[v] ? left[v] : right[v];
                        nodeOf[i] = c;
                        count[c]++;
                        sum[c] += residual[i];
                        sumSquares[c] += residual[i] * residual[i];
                        sumHessian[c] += hessian[i];
                    }
                }
                levelStart = nextStart;
                levelEnd = nodes;
            }
            int[] treeFeature = Arrays.copyOf(feature, nodes);
            double[] treeValue = new double[nodes];
            for (int v = 0; v < nodes; v++) {
                if (treeFeature[v] < 0) {
                    treeValue[v] = Math.abs(sumHessian[v]) < 1e-150 ? 0 : leafFactor * sum[v] / sumHessian[v];
                }
            }
            return new Tree(
                    treeFeature,
                    Arrays.copyOf(threshold, nodes),
                    Arrays.copyOf(left, nodes),
                    Arrays.copyOf(right, nodes),
                    treeValue);
        }

        /** Sets {@code ranks} to a random permutation of 0..d−1: the order in which a node visits the features. */
        private void shuffleRanks(int[] ranks) {
            for (int f = 0; f < ranks.length; f++) {
                ranks[f] = f;
            }
            for (int f = ranks.length - 1; f > 0; f--) {
                int g = random.nextInt(f + 1);
                int t = ranks[f];
                ranks[f] = ranks[g];
                ranks[g] = t;
            }
        }
    }
}
