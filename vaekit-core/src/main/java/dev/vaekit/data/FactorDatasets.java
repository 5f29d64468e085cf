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
 *       one sprite with their shape, scale, orientation and position;
 *   <li>{@code dsprites-small}: the 2,304 images of 32×32 pixels of {@link Sprites#small()}, for fast tests.
 * </ul>
 *
 * <p>Their rows are {@link FactorSource}s, which render each image when it is read ({@link #sources}): a trainer that
 * reads batches from a row source trains on all 737,280 dSprites images without holding them. Until vaekit's trainer
 * reads such sources, {@link #load} materialises a stop-gap: a seeded random sample of the observations, without
 * replacement, as floats in memory — {@value #DSPRITES_TRAIN} training and {@value #DSPRITES_TEST} test images of
 * dSprites (820 and 82 MB), and 2,048 training and 256 test images of the small set. The factors stay with the data
 * set's name: {@link #factors(String)} gives them to the disentanglement metrics, which render their own
 * observations. The rows carry no labels: an image has one class per factor, not one label.
 */
public final class FactorDatasets {
    /** The names, in the order they are listed to users. */
    public static final List<String> NAMES = List.of("dsprites", "dsprites-small");

    /** Training rows of the dSprites stop-gap sample. */
    public static final int DSPRITES_TRAIN = 50_000;

    /** Test rows of the dSprites stop-gap sample. */
    public static final int DSPRITES_TEST = 5_000;

    /** The seed of the samples' permutation. */
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
     * The training and test rows of a factor data set, rendered on demand.
     *
     * @param spec one of {@link #NAMES}
     * @return {training rows, test rows}: disjoint seeded samples of the observations
     * @throws InvalidInputException if the spec is not a factor data set
     */
    public static FactorSource[] sources(String spec) {
        FactorData data = factors(spec)
                .orElseThrow(() ->
                        new InvalidInputException("dataset: expected one of " + NAMES + ", found '" + spec + "'"));
        String name = spec.trim();
        String[] names = {name + "/train", name + "/test"};
        if (name.equals("dsprites")) {
            return FactorSource.split(data, SEED, names, DSPRITES_TRAIN, DSPRITES_TEST);
        }
        int test = (int) data.size() / 9; // 256 of the small set's 2,304
        return FactorSource.split(data, SEED, names, (int) data.size() - test, test);
    }

    /**
     * The stop-gap: the rows of {@link #sources} rendered into memory.
     *
     * @param spec one of {@link #NAMES}
     * @return the training and test sets, without labels
     */
    static DatasetSplit load(String spec) {
        FactorSource[] parts = sources(spec);
        return new DatasetSplit(materialise(parts[0]), materialise(parts[1]));
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
