package dev.vaekit.compress.vae;

import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.BbAnsDecoder;
import dev.vaekit.compress.BbAnsEncoder;
import dev.vaekit.compress.BbAnsSettings;
import dev.vaekit.compress.CodingScheme;
import dev.vaekit.compress.CompressedFile;
import dev.vaekit.compress.CompressionReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Images compressed and decompressed with a trained VAE by bits-back coding: an {@link ImageCodingModel} evaluates the
 * networks ({@link VaeCodingModel} for one latent layer, BB-ANS; {@link VaeChainCodingModel} for a Markov chain of
 * layers, Bit-Swap or BB-ANS), {@link BbAnsEncoder} and {@link BbAnsDecoder} code, {@link CompressedFile} is the
 * container whose header names the model ({@link RunHash}), the scheme, the layers, the example shape and count. Decompressing checks the model hash, the shape and the size
 * n·D ≤ {@link ImageSymbols#MAX_VALUES} before decoding anything, and returns images only once every check of the
 * decoder passed.
 */
public final class VaeCompression {
    /** The largest compressed file read: what one byte array holds. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private VaeCompression() {}

    /**
     * A compressed file and what it cost.
     *
     * @param bytes the file
     * @param report its accounting
     * @param seconds the time spent coding (the network and the coder; not loading)
     */
    public record Compressed(byte[] bytes, CompressionReport report, double seconds) {}

    /**
     * Decompressed images.
     *
     * @param images the examples, in the order they were compressed
     * @param header the file's header
     * @param seconds the time spent decoding
     */
    public record Decompressed(ImageSymbols images, CompressedFile.Header header, double seconds) {}

    /**
     * @param model the model
     * @param images examples of the model's shape and alphabet
     * @param modelHash the model's hash ({@link RunHash})
     * @param settings the coder's settings
     * @return the file
     * @throws InvalidInputException if the images have another shape or alphabet than the model's
     */
    public static Compressed compress(
            VaeCodingModel model, ImageSymbols images, byte[] modelHash, BbAnsSettings settings) {
        return compress(model, images, modelHash, settings, CodingScheme.BB_ANS);
    }

    /**
     * @param model the model
     * @param images examples of the model's shape and alphabet
     * @param modelHash the model's hash ({@link RunHash})
     * @param settings the coder's settings
     * @param scheme the order of the latent layers' pops and pushes, or null for the model's default ({@link
     *     ImageCodingModel#scheme})
     * @return the file
     * @throws InvalidInputException if the images have another shape or alphabet than the model's, or Bit-Swap is
     *     asked of a model without a chain of layers
     */
    public static Compressed compress(
            ImageCodingModel model,
            ImageSymbols images,
            byte[] modelHash,
            BbAnsSettings settings,
            CodingScheme scheme) {
        CodingScheme chosen = model.scheme(scheme);
        if (!Arrays.equals(images.shape(), model.shape()) || images.alphabet() != model.alphabetSize()) {
            throw new InvalidInputException("the images are of shape " + Arrays.toString(images.shape()) + " with "
                    + images.alphabet() + " levels; the model codes " + Arrays.toString(model.shape()) + " with "
                    + model.alphabetSize());
        }
        long start = System.nanoTime();
        BbAnsEncoder encoder = new BbAnsEncoder(model.chain(), settings, chosen);
        for (int i = 0; i < images.count(); i++) {
            encoder.append(images.example(i));
        }
        BbAnsEncoder.Compressed file = encoder.finish(modelHash, model.shape());
        return new Compressed(file.bytes(), file.report(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * @param bytes a compressed file
     * @param origin its name, for messages
     * @param model the model
     * @param modelHash the model's hash
     * @return the images
     * @throws InvalidInputException in one line naming the origin if the file is damaged or truncated, was made with
     *     another model or for another shape, holds more than {@link ImageSymbols#MAX_VALUES} values, or does not
     *     decode exactly
     */
    public static Decompressed decompress(byte[] bytes, String origin, ImageCodingModel model, byte[] modelHash) {
        CompressedFile.Header header = CompressedFile.header(bytes, origin); // checks the CRC before any field
        if (!Arrays.equals(header.modelHash(), modelHash)) {
            throw new InvalidInputException(origin + ": compressed with another model (config hash "
                    + abbreviate(header.modelHashHex()) + "), this model's is "
                    + abbreviate(HexFormat.of().formatHex(modelHash)));
        }
        if (!Arrays.equals(header.shape(), model.shape()) || header.alphabetSize() != model.alphabetSize()) {
            throw new InvalidInputException(origin + ": holds examples of shape " + Arrays.toString(header.shape())
                    + " with " + header.alphabetSize() + " levels; the model codes " + Arrays.toString(model.shape())
                    + " with " + model.alphabetSize());
        }
        long values = (long) header.count() * header.features();
        if (values > ImageSymbols.MAX_VALUES) {
            throw new InvalidInputException(origin + ": holds " + header.count() + " examples of " + header.features()
                    + " values, more than the " + ImageSymbols.MAX_VALUES + " values decompressed in memory");
        }
        ImageSymbols images = ImageSymbols.allocate(model.shape(), model.alphabetSize(), header.count());
        long start = System.nanoTime();
        BbAnsDecoder.decode(bytes, origin, model.chain(), modelHash, images::set);
        return new Decompressed(images, header, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Reads a compressed file whole.
     *
     * @param file the file
     * @return its bytes
     * @throws InvalidInputException if it is missing, not a regular file, too large or unreadable
     */
    public static byte[] readFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file + ": no such file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidInputException(file + ": " + size + " bytes, larger than the " + MAX_FILE_BYTES
                        + " a compressed file may have");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String hex) {
        return hex.length() <= 16 ? hex : hex.substring(0, 16) + "…";
    }
}
