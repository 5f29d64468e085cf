package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.FactorData;
import dev.vaekit.data.factors.FactorSource;
import dev.vaekit.data.factors.Sprites;
import java.util.List;
import java.util.Optional;

/**
 * The named data sets with known generative factors, generated in code ({@link dev.vaekit.data.factors}):
 *
 * <ul>
 *   <li>{@code dsprites}: dSprites (Matthey et al. 2017, {@link Sprites#dsprites()}), 737,280 binary 64×64 images of
 *       one sprite with their shape, scale, orientation and position: a seeded test split of {@value #DSPRITES_TEST}
 *       images (as many as MNIST's test set), and the other {@value #DSPRITES_TRAIN} for training;
 *   <li>{@code dsprites-small}: the 2,304 images of 32×32 pixels of {@link Sprites#small()}, for fast tests: 2,048
 *       training and 256 test images.
 * </ul>
 *
 * <p>The two parts are disjoint seeded samples of the observations, without replacement ({@link
 * FactorSource#split}), the same on every load. {@link #load} gives them as {@link FactorDataSource}s, which render each
 * image when a batch is read: the trainer, validation, evaluation and encoding read batches, so {@code dsprites} trains
 * on all of its training images while the split holds 4 bytes per image (the observations' indices) and no pixels,
 * and reading a batch of b rows renders b images. A set whose images take at most {@value #MAX_IN_MEMORY_VALUES}
 * floats in all is rendered once into memory instead (dsprites-small: 9.4 MB), since reading it is then cheaper than
 * rendering it every epoch; rendering is exact, so both give the same rows. The factors stay with the data set's
 * name: {@link #factors(String)} gives them to the disentanglement metrics, which render their own observations. The
 * rows carry no labels: an image has one class per factor, not one label.
 */
public final class FactorDatasets {
    /** The names, in the order they are listed to users. */
    public static final List<String> NAMES = List.of("dsprites", "dsprites-small");

    /** Test images of {@code dsprites}: a fixed number, as many as MNIST's test set. */
    public static final int DSPRITES_TEST = 10_000;

    /** Training images of {@code dsprites}: all the others. */
    public static final int DSPRITES_TRAIN = 737_280 - DSPRITES_TEST;

    /** The most floats of a factor data set that {@link #load} renders into memory rather than on demand. */
    public static final long MAX_IN_MEMORY_VALUES = 1L << 22;

    /** The seed of the split's permutation. */
    static final long SEED = 20_170_000L;

    private FactorDatasets() {}

    /**
     * @param spec a data set spec
     * @return the data set's factors, if it is one of {@link #NAMES}
     */
    public static Optional<FactorData> factors(String spec) {
        String s = spec == null ? "" : spec.trim();
        return switch (s) {
            case "dsprites" -> Optional.of(Sprites.dsprites());
            case "dsprites-small" -> Optional.of(Sprites.small());
            default -> Optional.empty();
        };
    }

    /**
     * The training and test rows of a factor data set, rendered on demand, with their factors.
     *
     * @param spec one of {@link #NAMES}
     * @return {training rows, test rows}: disjoint seeded samples of the observations
     * @throws InvalidInputException if the spec is not a factor data set
     */
    public static FactorSource[] sources(String spec) {
        return split(require(spec), spec.trim());
    }

    /**
     * The training and test sets of {@code --dataset dsprites} or {@code dsprites-small}.
     *
     * @param spec one of {@link #NAMES}
     * @return the training and test sets, without labels: rendered when read, or in memory for a small set
     * @throws InvalidInputException if the spec is not a factor data set
     */
    static DatasetSplit load(String spec) {
        return load(require(spec), spec.trim());
    }

    /**
     * {@link #load(String)} of given factor data (tests count its renderings).
     *
     * @param data the factor data
     * @param name the data set's name, which chooses its split ({@link #sources})
     * @return the training and test sets
     */
    static DatasetSplit load(FactorData data, String name) {
        FactorSource[] parts = split(data, name);
        if (data.size() * data.observationSize() <= MAX_IN_MEMORY_VALUES) {
            return new DatasetSplit(materialise(parts[0]), materialise(parts[1]));
        }
        return new DatasetSplit(new FactorDataSource(parts[0]), new FactorDataSource(parts[1]));
    }

    private static FactorData require(String spec) {
        return factors(spec)
                .orElseThrow(() ->
                        new InvalidInputException("dataset: expected one of " + NAMES + ", found '" + spec + "'"));
    }

    private static FactorSource[] split(FactorData data, String name) {
        String[] names = {name + "/train", name + "/test"};
        long size = data.size();
        int test = name.equals("dsprites") ? DSPRITES_TEST : (int) (size / 9); // 256 of the small set's 2,304
        if (size > Integer.MAX_VALUE || test > size) {
            throw new InvalidInputException(
                    name + ": " + size + " observations, expected between " + test + " and " + Integer.MAX_VALUE);
        }
        return FactorSource.split(data, SEED, names, (int) size - test, test);
    }

    /**
     * @param source rows rendered on demand
     * @return the same rows as floats in memory
     */
    public static Dataset materialise(FactorSource source) {
        float[] values = new float[Math.multiplyExact(source.size(), source.dim())];
        source.read(0, source.size(), values);
        return new Dataset(source.name(), values, null, source.channels(), source.height(), source.width());
    }
}
