package dev.vaekit.eval;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import java.util.List;
import java.util.Map;

/**
 * How a model's log p(x) is estimated, as the model gives it ({@code Model.likelihood()}): importance sampling for a
 * VAE, the exact density of a flow (with K dequantization draws on 8-bit data). The commands, the explorer and Spark
 * score and evaluate through this interface alone.
 */
public interface LikelihoodEstimator {

    /** What the number k of an evaluation counts. */
    enum Draws {
        /** Importance samples z ~ q(z|x) per example (the estimate tightens as k grows). */
        IMPORTANCE_SAMPLES,
        /** Uniform dequantization draws per example of a flow on 8-bit data (log-mean-exp; k = 1 is the bound). */
        DEQUANTIZATION,
        /** Nothing: the density is exact and k must be 1. */
        NONE
    }

    /** @return what k counts for this estimator */
    Draws draws();

    /**
     * Refuses a k this estimator cannot use.
     *
     * @param k the requested number of draws
     * @throws InvalidInputException if k &lt; 1, or k &gt; 1 for an exact density
     */
    default void checkDraws(int k) {
        if (k < 1) {
            throw new InvalidInputException("--k must be >= 1, got " + k);
        }
    }

    /**
     * @param k draws per example
     * @param seed seed of the draws
     * @return the estimator in words, e.g. {@code importance sampling, k = 5000, q(z|x) as proposal, seed 1}
     */
    String describe(int k, long seed);

    /**
     * @return whether log p(x) is a density of continuous values, comparable with other densities of the same data
     *     (a Gaussian decoder, a flow without dequantization), rather than a probability of discrete ones
     */
    boolean continuous();

    /** @return the names of the per-example columns {@link #score} gives beside log p(x), in order */
    List<String> columns();

    /**
     * @return the {@link #columns} that, like log p(x), rank examples from unusual (low) to typical (high), by column
     *     name with a label for reports: e.g. a VAE's ELBO and reconstruction probability
     */
    default Map<String, String> alternativeScores() {
        return Map.of();
    }

    /**
     * Scores every example, without gradients. A row's draws depend on the seed and its index in the whole data set
     * alone where the estimator can arrange it (importance sampling), so that partitions of a data set score as the
     * whole does.
     *
     * @param data rows of the model's width, prepared as the model saw its data (binarised once if it was binary)
     * @param k draws per example
     * @param seed seed of the draws
     * @param firstRow the index of {@code data}'s first row in the whole data set
     * @return log p(x) and the {@link #columns} of every row, in row order
     */
    ExampleScores score(DataSource data, int k, long seed, long firstRow);

    /**
     * The test-set estimate: the mean negative log-likelihood with its standard error, and the estimator's own terms.
     *
     * @param data test rows, prepared as the model saw its data
     * @param k draws per example
     * @param seed seed of the draws
     * @return the report
     */
    default LikelihoodReport evaluate(DataSource data, int k, long seed) {
        return evaluate(data, k, seed, 0);
    }

    /**
     * The estimate on one part of a test set, whose first row is row {@code firstRow} of the whole. Where a row's draws
     * depend on the seed and its index alone (see {@link #score}), the parts of a set evaluated one by one give the
     * same log-likelihoods as the whole, and {@link LikelihoodReport#combine} their reports the whole's.
     *
     * @param data test rows, prepared as the model saw its data
     * @param k draws per example
     * @param seed seed of the draws
     * @param firstRow the index of {@code data}'s first row in the whole test set
     * @return the report
     */
    LikelihoodReport evaluate(DataSource data, int k, long seed, long firstRow);

    /**
     * The report's own terms as lines of text for a table, e.g. {@code ELBO         -94.221 nats (reconstruction
     * -70.3, KL 23.9)}; each line starts with a label padded to 13 characters.
     *
     * @param report a report of this estimator
     * @return the lines, possibly none
     */
    List<String> describeTerms(LikelihoodReport report);
}
