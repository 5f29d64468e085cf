package dev.vaekit.compress;

import java.util.Arrays;

/**
 * Compresses a sequence of examples with a latent variable model by bits-back coding with ANS: {@link #append} each
 * example in order, then {@link #finish}. A model with one latent layer is coded by BB-ANS (Townsend, Bird &amp; Barber
 * 2019); a {@link LatentChainModel} of several layers by the {@link CodingScheme} given, Bit-Swap (Kingma, Abbeel &amp;
 * Ho 2019) or BB-ANS over all layers. The model is called once per example for each conditional (q(z_1|x), each
 * q(z_{l+1}|z_l) and p(z_l|z_{l+1}), p(x|z_1)), from the calling thread.
 *
 * <p>The first example's first pop finds an empty message: its bits come from {@link SeededWords}, seeded by {@link
 * BbAnsSettings#seed}, and are carried in the file like any other (see {@link CompressionReport#initialBits}); how
 * many it takes is what the scheme changes.
 */
public final class BbAnsEncoder {
    private final BbAnsSettings settings;
    private final LatentChainModel model;
    private final BbAnsSteps steps;
    private final long initialState;
    private final SeededWords seedWords;
    private final RansStack message;
    private int count;
    private double netBits;
    private double[] exampleBits = new double[16];
    private double[] exampleBitsBack = new double[16];
    private int[] exampleCrcs = new int[16];
    private boolean failed;
    private boolean finished;

    /**
     * Single-layer BB-ANS.
     *
     * @param model the model
     * @param settings the coder's settings
     */
    public BbAnsEncoder(LatentVariableModel model, BbAnsSettings settings) {
        this(LatentChainModel.oneLayer(model), settings, CodingScheme.BB_ANS);
    }

    /**
     * @param model the model, a chain of one or more latent layers
     * @param settings the coder's settings
     * @param scheme the order of the layers' pops and pushes, recorded in the file
     * @throws IllegalArgumentException if the model has no latent layer, an empty one, no feature or an alphabet of
     *     fewer than 2 values
     */
    public BbAnsEncoder(LatentChainModel model, BbAnsSettings settings, CodingScheme scheme) {
        // with one layer there is no marginal to fit (the top layer keeps N(0, 1)): S = 0, and the file is of version 2
        this.settings = model.layerSizes().length == 1 ? settings.withMarginalSamples(0) : settings;
        this.model = model;
        this.steps = new BbAnsSteps(model, this.settings, scheme);
        this.initialState = SeededWords.initialState(settings.seed());
        this.seedWords = SeededWords.afterInitialState(settings.seed());
        this.message = RansStack.create(initialState, seedWords);
    }

    /**
     * Compresses the next example.
     *
     * @param example D values in [0, alphabetSize); not modified and not kept
     * @return its ideal code length in bits (−log₂ of what was pushed minus what was popped)
     * @throws IllegalArgumentException if the example has the wrong length or a value out of range (the encoder is
     *     unchanged)
     * @throws IllegalStateException after {@link #finish}, or after the model failed during an earlier append
     */
    public double append(int[] example) {
        if (finished || failed) {
            throw new IllegalStateException(finished ? "the encoder is finished" : "an earlier append failed");
        }
        int[] copy = example.clone();
        steps.validate(copy);
        double bits;
        double[] bitsBack = new double[1];
        try {
            bits = steps.encode(message, copy, bitsBack);
        } catch (RuntimeException e) {
            failed = true; // the message holds part of the example
            throw e;
        }
        if (count == exampleBits.length) {
            exampleBits = Arrays.copyOf(exampleBits, 2 * count);
            exampleBitsBack = Arrays.copyOf(exampleBitsBack, 2 * count);
            exampleCrcs = Arrays.copyOf(exampleCrcs, 2 * count);
        }
        exampleBits[count] = bits;
        exampleBitsBack[count] = bitsBack[0];
        exampleCrcs[count] = BbAnsSteps.exampleCrc(copy);
        count++;
        netBits += bits;
        return bits;
    }

    /** @return the number of examples appended */
    public int count() {
        return count;
    }

    /**
     * Writes the file. The encoder cannot be used afterwards.
     *
     * @param modelHash the model's config hash, 1 to {@value CompressedFile#MAX_HASH_BYTES} bytes (copied)
     * @param shape an example's shape, whose product is D (copied)
     * @return the file's bytes and what they cost
     * @throws IllegalArgumentException if the hash or shape is invalid
     */
    public Compressed finish(byte[] modelHash, int[] shape) {
        if (finished || failed) {
            throw new IllegalStateException(finished ? "the encoder is finished" : "an earlier append failed");
        }
        CompressedFile.Header header = new CompressedFile.Header(
                settings,
                steps.scheme(),
                modelHash.clone(),
                steps.layerSizes().clone(),
                shape.clone(),
                model.alphabetSize(),
                count,
                BbAnsSteps.contentCrc(exampleCrcs, count));
        if (header.features() != model.featureCount()) {
            throw new IllegalArgumentException("the shape " + Arrays.toString(shape) + " holds " + header.features()
                    + " features, the model has " + model.featureCount());
        }
        finished = true;
        byte[] bytes = CompressedFile.write(header, message.state(), message.words());
        double initialBits = Math.log(initialState) / Math.log(2) + 32.0 * seedWords.drawn();
        CompressionReport report = new CompressionReport(
                count,
                model.featureCount(),
                bytes.length,
                message.storedBits(),
                message.contentBits(),
                initialBits,
                netBits,
                Arrays.copyOf(exampleBits, count),
                Arrays.copyOf(exampleBitsBack, count));
        return new Compressed(bytes, report);
    }

    /**
     * A compressed file and what it cost.
     *
     * @param bytes the file's bytes
     * @param report the accounting
     */
    public record Compressed(byte[] bytes, CompressionReport report) {}
}
