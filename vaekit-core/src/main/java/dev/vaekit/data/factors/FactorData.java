package dev.vaekit.data.factors;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A data set generated from known factors: every combination of the factors' classes is one observation, rendered on
 * demand, so that even large sets (dSprites' 737,280 images) are never held in memory. Disentanglement metrics sample
 * factor classes, render the observations and compare a representation's codes with the classes; training can draw
 * observations the same way.
 *
 * <p>Observations are indexed in mixed radix with the <em>last</em> factor varying fastest, as the published dSprites
 * arrays are: {@code index = ((c0 * n1 + c1) * n2 + c2) ...}.
 *
 * <p>Implementations must be deterministic (the same classes give the same observation) and safe to use from several
 * threads at once.
 */
public interface FactorData {

    /** @return the data set's name, for messages and reports (e.g. {@code dsprites}) */
    String name();

    /** @return the factors, in index order */
    List<Factor> factors();

    /** @return image channels (1 for vectors) */
    int channels();

    /** @return image height (1 for vectors) */
    int height();

    /** @return image width (the length for vectors) */
    int width();

    /**
     * Writes the observation of the given factor classes.
     *
     * @param classes one class per factor, each in [0, that factor's size)
     * @param out where to write {@link #observationSize()} values, row-major (channel, row, column)
     * @param offset where in {@code out} the observation starts
     */
    void render(int[] classes, float[] out, int offset);

    /** @return values per observation */
    default int observationSize() {
        return channels() * height() * width();
    }

    /** @return number of factors */
    default int numFactors() {
        return factors().size();
    }

    /** @return each factor's number of classes */
    default int[] sizes() {
        return factors().stream().mapToInt(Factor::size).toArray();
    }

    /** @return the number of observations: the product of the factors' sizes */
    default long size() {
        long n = 1;
        for (int s : sizes()) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /**
     * @return the indices of the factors with more than one class, in order: the ones a metric can score (dSprites'
     *     colour has a single value)
     */
    default int[] varyingFactors() {
        int[] sizes = sizes();
        int count = 0;
        for (int s : sizes) {
            count += s > 1 ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int f = 0; f < sizes.length; f++) {
            if (sizes[f] > 1) {
                out[k++] = f;
            }
        }
        return out;
    }

    /**
     * @param classes one class per factor
     * @return the observation's index
     */
    default long index(int[] classes) {
        int[] sizes = sizes();
        checkClasses(classes, sizes);
        long index = 0;
        for (int f = 0; f < sizes.length; f++) {
            index = index * sizes[f] + classes[f];
        }
        return index;
    }

    /**
     * @param index an observation's index in [0, size())
     * @return its factor classes
     */
    default int[] classes(long index) {
        if (index < 0 || index >= size()) {
            throw new IllegalArgumentException(name() + ": index " + index + " outside [0, " + size() + ")");
        }
        int[] sizes = sizes();
        int[] classes = new int[sizes.length];
        for (int f = sizes.length - 1; f >= 0; f--) {
            classes[f] = (int) (index % sizes[f]);
            index /= sizes[f];
        }
        return classes;
    }

    /**
     * @param classes one class per factor
     * @return the factors' values for those classes
     */
    default double[] values(int[] classes) {
        List<Factor> factors = factors();
        checkClasses(classes, sizes());
        double[] v = new double[classes.length];
        for (int f = 0; f < v.length; f++) {
            v[f] = factors.get(f).value(classes[f]);
        }
        return v;
    }

    /**
     * @param classes one class per factor
     * @return a new array holding the observation
     */
    default float[] render(int[] classes) {
        float[] out = new float[observationSize()];
        render(classes, out, 0);
        return out;
    }

    /**
     * @param index an observation's index in [0, size())
     * @return a new array holding the observation
     */
    default float[] render(long index) {
        return render(classes(index));
    }

    /**
     * Draws factor classes independently and uniformly, factor after factor within each row (so every observation is
     * equally likely, as disentanglement_lib samples them).
     *
     * @param n rows
     * @param random the generator
     * @return n rows of one class per factor
     */
    default int[][] sampleFactors(int n, SplittableRandom random) {
        int[] sizes = sizes();
        int[][] out = new int[n][sizes.length];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < sizes.length; f++) {
                out[i][f] = sizes[f] == 1 ? 0 : random.nextInt(sizes[f]);
            }
        }
        return out;
    }

    /**
     * @param classes one class per factor
     * @param sizes each factor's size
     * @throws IllegalArgumentException when the classes do not fit the factors
     */
    static void checkClasses(int[] classes, int[] sizes) {
        if (classes.length != sizes.length) {
            throw new IllegalArgumentException("expected " + sizes.length + " factor classes, got " + classes.length);
        }
        for (int f = 0; f < sizes.length; f++) {
            if (classes[f] < 0 || classes[f] >= sizes[f]) {
                throw new IllegalArgumentException(
                        "class " + classes[f] + " of factor " + f + " outside [0, " + sizes[f] + ")");
            }
        }
    }
}
