package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded, reproducible splits of a {@link Dataset}. */
public final class Splits {

    private Splits() {}

    /**
     * Splits rows at random into a training part and a validation part. The rows are shuffled with a Fisher–Yates
     * shuffle driven by {@link SplittableRandom}{@code (seed)}; the first {@code round(fraction * n)} shuffled rows
     * form the validation set and the rest the training set. Within each part the rows keep their original order.
     * The same data, fraction and seed always give the same split.
     *
     * @param data the rows to split
     * @param validationFraction the share of rows held out, in {@code [0, 1)}; 0 gives an empty validation set
     * @param seed the random seed
     * @return {@code {train, validation}}, named {@code <name>:train} and {@code <name>:validation}
     * @throws InvalidInputException if the fraction is outside {@code [0, 1)} or would leave no training rows
     */
    public static Dataset[] trainValidation(Dataset data, double validationFraction, long seed) {
        int[][] parts = trainValidationRows(data, validationFraction, seed);
        return new Dataset[] {
            data.select(parts[0]).withName(data.name() + ":train"),
            data.select(parts[1]).withName(data.name() + ":validation")
        };
    }

    /**
     * {@link #trainValidation(Dataset, double, long)} of any source: the two parts are views of it, in memory only
     * when it is.
     *
     * @param data the rows to split
     * @param validationFraction share held out, in [0, 1)
     * @param seed seeds the permutation
     * @return the training part and the validation part
     */
    public static DataSource[] trainValidation(DataSource data, double validationFraction, long seed) {
        if (data instanceof Dataset inMemory) {
            return trainValidation(inMemory, validationFraction, seed);
        }
        int[][] parts = trainValidationRows(data, validationFraction, seed);
        return new DataSource[] {data.select(parts[0]), data.select(parts[1])};
    }

    /** @return the sorted rows of the training part and of the validation part */
    private static int[][] trainValidationRows(DataSource data, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidInputException(
                    "validation fraction: expected a number in [0, 1), found " + validationFraction);
        }
        int n = data.size();
        int validationRows = (int) Math.round(validationFraction * n);
        if (n > 0 && validationRows >= n) {
            throw new InvalidInputException("validation fraction: " + validationFraction + " of " + n + " rows in "
                    + data.name() + " leaves no training rows; expected a smaller fraction");
        }
        int[] order = permutation(n, seed);
        int[] validation = Arrays.copyOfRange(order, 0, validationRows);
        int[] train = Arrays.copyOfRange(order, validationRows, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new int[][] {train, validation};
    }

    /**
     * @param n the number of indices
     * @param seed the random seed
     * @return {@code 0..n-1} in an order given by a seeded Fisher–Yates shuffle
     */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
