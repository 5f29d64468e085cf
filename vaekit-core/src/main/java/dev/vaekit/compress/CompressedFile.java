package dev.vaekit.compress;

import dev.vaekit.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The container of a bits-back code, format version {@value #VERSION}; versions 2 and 1 (one latent layer, BB-ANS)
 * are still read. All integers are big-endian:
 *
 * <pre>
 *   offset  bytes  field
 *   0       8      magic "VAEKITBB"
 *   8       2      format version (3)
 *   10      1      the coding scheme ({@link CodingScheme#code}: 0 BB-ANS, 1 Bit-Swap)
 *   11      1      latentBits B
 *   12      1      posteriorPrecision
 *   13      1      observationPrecision
 *   14      1      parameterGridBits G
 *   15      4      S, the samples of the latent layers' marginals ({@link BbAnsSettings#marginalSamples})
 *   19      8      seed of the initial bits
 *   27      2      h, the length of the model's config hash (1 to 1024)
 *   29      h      the model's config hash (bytes the caller chose)
 *   …       1      K, the number of latent layers (1 to {@value #MAX_LAYERS})
 *   …       4K     d_1 … d_K, the layers' sizes, bottom first
 *   …       1      r, the rank of an example's shape (1 to 8)
 *   …       4r     the shape; its product is D, the features of an example
 *   …       4      the alphabet size: features are in [0, alphabet)
 *   …       4      n, the number of examples (0 or more)
 *   …       4      CRC-32C of the n examples: of the CRC-32Cs of each (its D values as 4-byte integers), in order
 *   …       8      the rANS state
 *   …       4      W, the number of words on the rANS stack
 *   …       4W     the words, bottom of the stack first
 *   …       4      CRC-32C of every byte before it
 * </pre>
 *
 * Version 2 has no S (every layer is over the buckets of N(0, 1), as S = 0), and is what {@link #write} writes when S
 * is 0, so that such files stay readable by the vaekit of version 2 and unchanged byte for byte; version 1 has no S, no scheme byte (it is
 * BB-ANS) and, in place of K and the sizes, one 4-byte latent dimension (one layer); the rest is the same. Reading checks, in this order, the magic, the version, the trailing checksum (so any
 * damage or truncation is caught before a field is believed), then every field's range and that the words fill the
 * file exactly.
 */
public final class CompressedFile {
    /** The first 8 bytes of every compressed file. */
    public static final String MAGIC = "VAEKITBB";

    /** The format version this class writes; it reads this one, {@value #VERSION_2} and {@value #VERSION_1}. */
    public static final int VERSION = 3;

    /** The second format: several latent layers and a coding scheme, every layer over the buckets of N(0, 1). */
    public static final int VERSION_2 = 2;

    /** The first format: BB-ANS over one latent layer. */
    public static final int VERSION_1 = 1;

    /** The most latent layers a file records. */
    public static final int MAX_LAYERS = 64;

    /** The longest model hash. */
    public static final int MAX_HASH_BYTES = 1024;

    /** The highest rank of an example's shape. */
    public static final int MAX_RANK = 8;

    /** The most latent coordinates, all layers together. */
    public static final int MAX_LATENT_DIMENSION = 1 << 16;

    /** The largest alphabet. */
    public static final int MAX_ALPHABET = 1 << 16;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    /** The shortest file of version 1: a hash of 1 byte, rank 1, no words. */
    private static final int MIN_LENGTH_1 = 8 + 2 + 4 + 8 + 2 + 1 + 4 + 1 + 4 + 4 + 4 + 4 + 8 + 4 + 4;

    /** The shortest file of version 2: a hash of 1 byte, one layer, rank 1, no words. */
    private static final int MIN_LENGTH_2 = 8 + 2 + 1 + 4 + 8 + 2 + 1 + 1 + 4 + 1 + 4 + 4 + 4 + 4 + 8 + 4 + 4;

    /** The shortest file of version 3: that of version 2 and S. */
    private static final int MIN_LENGTH = MIN_LENGTH_2 + 4;

    private CompressedFile() {}

    /**
     * What a compressed file says about its contents.
     *
     * @param settings the coder's settings
     * @param scheme the order the latent layers were coded in
     * @param modelHash the model's config hash (not copied)
     * @param layerSizes d_1 … d_K, the latent layers' sizes, bottom first (not copied)
     * @param shape an example's shape (not copied); its product is D
     * @param alphabetSize features are in [0, alphabetSize)
     * @param count n, the number of examples
     * @param contentCrc the CRC-32C of the examples (see the class comment)
     */
    public record Header(
            BbAnsSettings settings,
            CodingScheme scheme,
            byte[] modelHash,
            int[] layerSizes,
            int[] shape,
            int alphabetSize,
            int count,
            int contentCrc) {
        /** @throws IllegalArgumentException naming the field that is out of range */
        public Header {
            if (settings == null || scheme == null) {
                throw new IllegalArgumentException("a header needs settings and a coding scheme");
            }
            if (modelHash.length < 1 || modelHash.length > MAX_HASH_BYTES) {
                throw new IllegalArgumentException(
                        "the model hash must have 1 to " + MAX_HASH_BYTES + " bytes, got " + modelHash.length);
            }
            if (layerSizes.length < 1 || layerSizes.length > MAX_LAYERS) {
                throw new IllegalArgumentException(
                        "the latent layers must be 1 to " + MAX_LAYERS + ", got " + layerSizes.length);
            }
            long latent = 0;
            for (int size : layerSizes) {
                if (size < 1) {
                    throw new IllegalArgumentException(
                            "the latent dimension must be in [1, " + MAX_LATENT_DIMENSION + "], got " + size);
                }
                latent += size;
            }
            if (latent > MAX_LATENT_DIMENSION) {
                throw new IllegalArgumentException("the latent dimension must be in [1, " + MAX_LATENT_DIMENSION
                        + "], got " + (layerSizes.length == 1 ? "" : Arrays.toString(layerSizes) + " = ") + latent);
            }
            if (shape.length < 1 || shape.length > MAX_RANK) {
                throw new IllegalArgumentException(
                        "an example's shape must have 1 to " + MAX_RANK + " axes, got " + shape.length);
            }
            long features = 1;
            for (int size : shape) {
                if (size < 1) {
                    throw new IllegalArgumentException(
                            "an example's shape must be positive, got " + Arrays.toString(shape));
                }
                features *= size;
                if (features > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(
                            "an example's shape must hold at most 2^31 - 1 features, got " + Arrays.toString(shape));
                }
            }
            if (alphabetSize < 2 || alphabetSize > MAX_ALPHABET) {
                throw new IllegalArgumentException(
                        "the alphabet size must be in [2, " + MAX_ALPHABET + "], got " + alphabetSize);
            }
            if (count < 0) {
                throw new IllegalArgumentException("the example count must be >= 0, got " + count);
            }
        }

        /**
         * The header of single-layer BB-ANS.
         *
         * @param settings the coder's settings
         * @param modelHash the model's config hash (not copied)
         * @param latentDimension L, the one layer's size
         * @param shape an example's shape (not copied)
         * @param alphabetSize features are in [0, alphabetSize)
         * @param count n
         * @param contentCrc the CRC-32C of the examples
         */
        public Header(
                BbAnsSettings settings,
                byte[] modelHash,
                int latentDimension,
                int[] shape,
                int alphabetSize,
                int count,
                int contentCrc) {
            this(
                    settings,
                    CodingScheme.BB_ANS,
                    modelHash,
                    new int[] {latentDimension},
                    shape,
                    alphabetSize,
                    count,
                    contentCrc);
        }

        /** @return the latent coordinates of all layers together: Σ d_l (L of a single layer) */
        public int latentDimension() {
            int sum = 0;
            for (int size : layerSizes) {
                sum += size;
            }
            return sum;
        }

        /** @return D, the product of the shape */
        public int features() {
            int features = 1;
            for (int size : shape) {
                features *= size;
            }
            return features;
        }

        /** @return the model hash in lower-case hexadecimal */
        public String modelHashHex() {
            return HexFormat.of().formatHex(modelHash);
        }

        /** @return the layers in words: {@code 20 latent coordinates}, or {@code latent layers of 100 + 50 coordinates} */
        public String describeLayers() {
            return CompressedFile.describeLayers(layerSizes);
        }
    }

    /**
     * @param sizes the latent layers' sizes, bottom first
     * @return them in words: {@code 20 latent coordinates}, or {@code latent layers of 100 + 50 coordinates}
     */
    public static String describeLayers(int[] sizes) {
        if (sizes.length == 1) {
            return sizes[0] + " latent coordinates";
        }
        return "latent layers of " + joinSizes(sizes) + " coordinates";
    }

    /** @return the sizes joined by " + " */
    static String joinSizes(int[] sizes) {
        StringBuilder text = new StringBuilder();
        for (int l = 0; l < sizes.length; l++) {
            text.append(l == 0 ? "" : " + ").append(sizes[l]);
        }
        return text.toString();
    }

    /** A file's header and its rANS message. */
    record Contents(Header header, long state, int[] words) {}

    /**
     * Writes a file of version {@value #VERSION}, or of version {@value #VERSION_2} when the settings' marginalSamples
     * is 0 (all that version 3 adds is S).
     *
     * @param header the header
     * @param state the rANS state
     * @param words the rANS stack, bottom first
     * @return the file's bytes
     */
    static byte[] write(Header header, long state, int[] words) {
        boolean fitted = header.settings().marginalSamples() != 0;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                MIN_LENGTH + header.modelHash().length + 4 * header.layerSizes().length + 4 * words.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            BbAnsSettings s = header.settings();
            out.write(MAGIC_BYTES);
            out.writeShort(fitted ? VERSION : VERSION_2);
            out.writeByte(header.scheme().code());
            out.writeByte(s.latentBits());
            out.writeByte(s.posteriorPrecision());
            out.writeByte(s.observationPrecision());
            out.writeByte(s.parameterGridBits());
            if (fitted) {
                out.writeInt(s.marginalSamples());
            }
            out.writeLong(s.seed());
            out.writeShort(header.modelHash().length);
            out.write(header.modelHash());
            out.writeByte(header.layerSizes().length);
            for (int size : header.layerSizes()) {
                out.writeInt(size);
            }
            out.writeByte(header.shape().length);
            for (int size : header.shape()) {
                out.writeInt(size);
            }
            out.writeInt(header.alphabetSize());
            out.writeInt(header.count());
            out.writeInt(header.contentCrc());
            out.writeLong(state);
            out.writeInt(words.length);
            for (int word : words) {
                out.writeInt(word);
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Reads and checks a whole file, of version {@value #VERSION}, {@value #VERSION_2} or {@value #VERSION_1}.
     *
     * @param bytes the file's bytes
     * @param origin the file's name, for messages
     * @return its contents
     * @throws InvalidInputException in one line naming the origin if the bytes are not an intact compressed file of
     *     a version this class reads
     */
    static Contents read(byte[] bytes, String origin) {
        if (bytes.length < MAGIC_BYTES.length
                || !Arrays.equals(bytes, 0, MAGIC_BYTES.length, MAGIC_BYTES, 0, MAGIC_BYTES.length)) {
            throw new InvalidInputException(
                    origin + ": not a vaekit compressed file (it does not start with " + MAGIC + ")");
        }
        if (bytes.length < MAGIC_BYTES.length + 2) {
            throw new InvalidInputException(origin + ": truncated after " + bytes.length + " bytes");
        }
        int version = ((bytes[8] & 0xFF) << 8) | (bytes[9] & 0xFF);
        if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
            throw new InvalidInputException(origin + ": compressed file format version " + version
                    + ", this vaekit reads versions " + VERSION_1 + " to " + VERSION);
        }
        int minLength = version == VERSION_1 ? MIN_LENGTH_1 : version == VERSION_2 ? MIN_LENGTH_2 : MIN_LENGTH;
        if (bytes.length < minLength) {
            throw new InvalidInputException(
                    origin + ": truncated: " + bytes.length + " bytes, a compressed file has at least " + minLength);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int stored = buffer.getInt(bytes.length - 4);
        if (stored != (int) crc.getValue()) {
            throw new InvalidInputException(
                    origin + ": damaged or truncated: its CRC-32C is " + String.format("%08x", (int) crc.getValue())
                            + ", the file records " + String.format("%08x", stored));
        }
        try {
            buffer.position(10);
            CodingScheme scheme = version == VERSION_1 ? CodingScheme.BB_ANS : CodingScheme.ofCode(buffer.get() & 0xFF);
            int latentBits = buffer.get() & 0xFF;
            int posteriorPrecision = buffer.get() & 0xFF;
            int observationPrecision = buffer.get() & 0xFF;
            int gridBits = buffer.get() & 0xFF;
            int marginalSamples = version == VERSION ? buffer.getInt() : 0;
            if (version == VERSION && marginalSamples == 0) {
                throw new IllegalArgumentException("a file of version " + VERSION + " records S = 0 samples");
            }
            long seed = buffer.getLong();
            BbAnsSettings settings = new BbAnsSettings(
                    latentBits, posteriorPrecision, observationPrecision, gridBits, seed, marginalSamples);
            int hashLength = buffer.getShort() & 0xFFFF;
            if (hashLength < 1 || hashLength > MAX_HASH_BYTES || hashLength > buffer.remaining()) {
                throw new IllegalArgumentException("the model hash length " + hashLength + " is out of range");
            }
            byte[] hash = new byte[hashLength];
            buffer.get(hash);
            int[] layers;
            if (version == VERSION_1) {
                layers = new int[] {buffer.getInt()};
            } else {
                int layerCount = buffer.get() & 0xFF;
                if (layerCount < 1 || layerCount > MAX_LAYERS) {
                    throw new IllegalArgumentException(
                            "the latent layers must be 1 to " + MAX_LAYERS + ", got " + layerCount);
                }
                layers = new int[layerCount];
                for (int l = 0; l < layerCount; l++) {
                    layers[l] = buffer.getInt();
                }
            }
            int rank = buffer.get() & 0xFF;
            if (rank < 1 || rank > MAX_RANK) {
                throw new IllegalArgumentException(
                        "an example's shape must have 1 to " + MAX_RANK + " axes, got " + rank);
            }
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = buffer.getInt();
            }
            int alphabet = buffer.getInt();
            int count = buffer.getInt();
            int contentCrc = buffer.getInt();
            Header header = new Header(settings, scheme, hash, layers, shape, alphabet, count, contentCrc);
            long state = buffer.getLong();
            if (state < RansStack.LOWER) {
                throw new IllegalArgumentException(
                        "the rANS state " + Long.toUnsignedString(state) + " is outside [2^31, 2^63)");
            }
            long wordCount = buffer.getInt() & 0xFFFF_FFFFL;
            long wordBytes = buffer.remaining() - 4L;
            if (wordCount * 4 != wordBytes) {
                throw new IllegalArgumentException(
                        "the header announces " + wordCount + " words, the file holds " + wordBytes + " bytes of them");
            }
            int[] words = new int[(int) wordCount];
            for (int i = 0; i < words.length; i++) {
                words[i] = buffer.getInt();
            }
            return new Contents(header, state, words);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(origin + ": invalid compressed file: " + e.getMessage(), e);
        } catch (BufferUnderflowException e) {
            throw new InvalidInputException(origin + ": truncated: the header runs past the end of the file", e);
        }
    }

    /**
     * Reads and checks a whole file and returns its header (for display).
     *
     * @param bytes the file's bytes
     * @param origin the file's name, for messages
     * @return the header
     * @throws InvalidInputException in one line naming the origin if the bytes are not an intact compressed file
     */
    public static Header header(byte[] bytes, String origin) {
        return read(bytes, origin).header();
    }
}
