package dev.vaekit.eval.disentanglement;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Map;
import java.util.Random;

/**
 * The linear classifiers of the metrics, trained by liblinear (Fan et al. 2008) in its Java port, the solvers
 * scikit-learn wraps, configured as disentanglement_lib's scikit-learn calls configure them:
 *
 * <ul>
 *   <li>{@link #squaredHingeSvm}: scikit-learn's {@code LinearSVC}: L2-regularised squared hinge loss. scikit-learn
 *       solves it in the dual by coordinate descent ({@code L2R_L2LOSS_SVC_DUAL}); here liblinear's trust-region
 *       Newton method solves the same problem in the primal ({@code L2R_L2LOSS_SVC}, the solver liblinear itself
 *       falls back on when the dual stalls), tolerance 1e-4. The minimiser is unique, so both give the same classifier
 *       up to the tolerance; on one-dimensional codes of large magnitude, as SAP fits them, the dual needs seconds per
 *       fit and the primal milliseconds (on dSprites image moments: the same 25 test accuracies, 30 to 100 times
 *       faster);
 *   <li>{@link #logistic}: scikit-learn's {@code LogisticRegression} with the {@code liblinear} solver, its default
 *       until version 0.22: L2-regularised logistic loss (liblinear's {@code L2R_LR}), tolerance 1e-4.
 * </ul>
 *
 * Both add a constant feature 1 whose weight is the intercept, regularised like the others (scikit-learn's {@code
 * intercept_scaling = 1}), and classify more than two classes one against the rest, each class's problem weighting
 * that class's examples by its class weight and the rest by C alone (liblinear's rule).
 */
final class LinearClassifier {
    static {
        Linear.disableDebugOutput();
    }

    private static final double TOLERANCE = 1e-4;

    private final Model model;
    private final int features;

    private LinearClassifier(Model model, int features) {
        this.model = model;
        this.features = features;
    }

    /**
     * @param x training rows, all of the same length
     * @param y class of each row
     * @param c the inverse regularisation strength C
     * @param balanced weight each class by n / (classes · its count), scikit-learn's {@code class_weight="balanced"}
     * @param seed seed of the dual solver's order of examples
     * @return the trained classifier
     */
    static LinearClassifier squaredHingeSvm(double[][] x, int[] y, double c, boolean balanced, long seed) {
        return train(x, y, SolverType.L2R_L2LOSS_SVC, c, balanced, seed);
    }

    /**
     * @param x training rows, all of the same length
     * @param y class of each row
     * @param c the inverse regularisation strength C
     * @param seed seed of the solver's randomness
     * @return the trained classifier
     */
    static LinearClassifier logistic(double[][] x, int[] y, double c, long seed) {
        return train(x, y, SolverType.L2R_LR, c, false, seed);
    }

    private static LinearClassifier train(
            double[][] x, int[] y, SolverType solver, double c, boolean balanced, long seed) {
        int n = x.length;
        int d = x[0].length;
        Problem problem = new Problem();
        problem.l = n;
        problem.n = d + 1;
        problem.bias = 1;
        problem.x = new Feature[n][];
        problem.y = new double[n];
        for (int i = 0; i < n; i++) {
            problem.x[i] = row(x[i]);
            problem.y[i] = y[i];
        }
        Parameter parameter = new Parameter(solver, c, TOLERANCE);
        parameter.setRandom(new Random(seed));
        if (balanced) {
            java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
            for (int v : y) {
                counts.merge(v, 1, Integer::sum);
            }
            int[] labels = new int[counts.size()];
            double[] weights = new double[counts.size()];
            int k = 0;
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                labels[k] = e.getKey();
                weights[k] = n / ((double) counts.size() * e.getValue());
                k++;
            }
            parameter.setWeights(weights, labels);
        }
        return new LinearClassifier(Linear.train(problem, parameter), d);
    }

    /** @return the row as liblinear's sparse features, zeros left out, then the constant feature */
    private static Feature[] row(double[] values) {
        int nonZero = 0;
        for (double v : values) {
            nonZero += v != 0 ? 1 : 0;
        }
        Feature[] out = new Feature[nonZero + 1];
        int k = 0;
        for (int j = 0; j < values.length; j++) {
            if (values[j] != 0) {
                out[k++] = new FeatureNode(j + 1, values[j]);
            }
        }
        out[k] = new FeatureNode(values.length + 1, 1.0);
        return out;
    }

    /**
     * @param x a row of the training rows' length
     * @return its predicted class
     */
    int predict(double[] x) {
        if (x.length != features) {
            throw new IllegalArgumentException("expected " + features + " features, got " + x.length);
        }
        return (int) Linear.predict(model, row(x));
    }

    /**
     * @return liblinear's weights, feature-major with one column per class problem (one column for two classes, that
     *     of the first class seen in training), the intercept's last
     */
    double[] weights() {
        return model.getFeatureWeights();
    }

    /**
     * @param x rows
     * @param y their classes
     * @return the fraction predicted right
     */
    double accuracy(double[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            right += predict(x[i]) == y[i] ? 1 : 0;
        }
        return right / (double) x.length;
    }
}
