package dev.vaekit.compress;

import dev.vaekit.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * Decompresses a file of {@link BbAnsEncoder}: checks the container ({@link CompressedFile}), that it was made with
 * the same model, then runs the file's {@link CodingScheme} backwards, last example first. Decoding must end exactly where encoding began (the
 * seeded initial state, with the seeded words on the stack and nothing else) and reproduce the examples' recorded
 * CRC-32C; anything else (a damaged file that passed the checksum, or a model that computes differently than when it
 * compressed) is refused in one line.
 */
public final class BbAnsDecoder {
    private BbAnsDecoder() {}

    /** Receives decoded examples, last first. */
    @FunctionalInterface
    public interface ExampleSink {
        /**
         * @param index the example's position in the sequence that was compressed
         * @param example its D values
         */
        void accept(int index, int[] example);
    }

    /**
     * Decodes every example into memory and returns them only once all checks passed.
     *
     * @param bytes the file's bytes
     * @param origin the file's name, for messages
     * @param model the model, the same as the encoder's
     * @param modelHash the model's config hash, compared with the file's
     * @return the examples, in the order they were compressed
     * @throws InvalidInputException in one line naming the origin if the file is not intact, was made with another
     *     model, or does not decode exactly
     */
    public static List<int[]> decodeAll(byte[] bytes, String origin, LatentVariableModel model, byte[] modelHash) {
        return decodeAll(bytes, origin, LatentChainModel.oneLayer(model), modelHash);
    }

    /**
     * Decodes every example into memory, with the scheme the file records, and returns them only once all checks
     * passed.
     *
     * @param bytes the file's bytes
     * @param origin the file's name, for messages
     * @param model the model, the same as the encoder's
     * @param modelHash the model's config hash, compared with the file's
     * @return the examples, in the order they were compressed
     * @throws InvalidInputException in one line naming the origin if the file is not intact, was made with another
     *     model, or does not decode exactly
     */
    public static List<int[]> decodeAll(byte[] bytes, String origin, LatentChainModel model, byte[] modelHash) {
        List<int[]> reversed = new ArrayList<>();
        decode(bytes, origin, model, modelHash, (index, example) -> reversed.add(example));
        Collections.reverse(reversed);
        return reversed;
    }

    /**
     * Decodes every example to a sink, last first. The sink sees each example as it is decoded, before the final
     * checks: write them somewhere temporary and keep them only if this method returns.
     *
     * @param bytes the file's bytes
     * @param origin the file's name, for messages
     * @param model the model, the same as the encoder's
     * @param modelHash the model's config hash, compared with the file's
     * @param sink receives the examples
     * @return the file's header
     * @throws InvalidInputException in one line naming the origin if the file is not intact, was made with another
     *     model, or does not decode exactly
     */
    public static CompressedFile.Header decode(
            byte[] bytes, String origin, LatentVariableModel model, byte[] modelHash, ExampleSink sink) {
        return decode(bytes, origin, LatentChainModel.oneLayer(model), modelHash, sink);
    }

    /**
     * Decodes every example to a sink, last first, with the scheme the file records. The sink sees each example as it
     * is decoded, before the final checks: write them somewhere temporary and keep them only if this method returns.
     *
     * @param bytes the file's bytes
     * @param origin the file's name, for messages
     * @param model the model, the same as the encoder's
     * @param modelHash the model's config hash, compared with the file's
     * @param sink receives the examples
     * @return the file's header
     * @throws InvalidInputException in one line naming the origin if the file is not intact, was made with another
     *     model, or does not decode exactly
     */
    public static CompressedFile.Header decode(
            byte[] bytes, String origin, LatentChainModel model, byte[] modelHash, ExampleSink sink) {
        CompressedFile.Contents contents = CompressedFile.read(bytes, origin);
        CompressedFile.Header header = contents.header();
        if (!Arrays.equals(header.modelHash(), modelHash)) {
            throw new InvalidInputException(origin + ": compressed with another model (config hash "
                    + abbreviate(header.modelHashHex()) + "), this model's is "
                    + abbreviate(HexFormat.of().formatHex(modelHash)));
        }
        int[] layers = model.layerSizes();
        if (!Arrays.equals(header.layerSizes(), layers)
                || header.features() != model.featureCount()
                || header.alphabetSize() != model.alphabetSize()) {
            throw new InvalidInputException(origin + ": compressed for " + header.describeLayers() + ", "
                    + header.features() + " features and " + header.alphabetSize() + " values, this model has "
                    + CompressedFile.joinSizes(layers) + ", " + model.featureCount() + " and "
                    + model.alphabetSize());
        }
        BbAnsSettings settings = header.settings();
        BbAnsSteps steps = new BbAnsSteps(model, settings, header.scheme());
        RansStack message = RansStack.restore(contents.state(), contents.words(), () -> {
            throw new InvalidInputException("the message ran out of words");
        });
        int[] crcs = new int[16]; // in decoding order, last example first; grown as examples decode
        int decoded = 0;
        for (int index = header.count() - 1; index >= 0; index--) {
            int[] example;
            try {
                example = steps.decode(message);
            } catch (InvalidInputException | IllegalArgumentException | IllegalStateException e) {
                throw new InvalidInputException(
                        origin + ": does not decode (example " + index + "): " + e.getMessage(), e);
            }
            if (decoded == crcs.length) {
                crcs = Arrays.copyOf(crcs, 2 * decoded);
            }
            crcs[decoded++] = BbAnsSteps.exampleCrc(example);
            sink.accept(index, example);
        }
        checkEnd(message, settings.seed(), origin);
        int[] inOrder = new int[decoded];
        for (int i = 0; i < decoded; i++) {
            inOrder[i] = crcs[decoded - 1 - i];
        }
        if (BbAnsSteps.contentCrc(inOrder, decoded) != header.contentCrc()) {
            throw new InvalidInputException(origin + ": the decoded examples do not match the CRC-32C the file records:"
                    + " the model computes differently than when it compressed");
        }
        return header;
    }

    /** Decoding must give back the seeded initial state and exactly the seeded words drawn, in order. */
    private static void checkEnd(RansStack message, long seed, String origin) {
        String problem = null;
        if (message.state() != SeededWords.initialState(seed)) {
            problem = "the rANS state is not the initial one";
        } else {
            SeededWords expected = SeededWords.afterInitialState(seed);
            int[] words = message.words();
            for (int j = words.length - 1; j >= 0; j--) { // the first word drawn was given back last: it is on top
                if (words[j] != expected.next()) {
                    problem = "the words left are not the seeded initial bits";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new InvalidInputException(origin + ": decoding did not end where encoding began (" + problem
                    + "): the file is damaged or the model computes differently than when it compressed");
        }
    }

    private static String abbreviate(String hex) {
        return hex.length() <= 16 ? hex : hex.substring(0, 16) + "…";
    }
}
