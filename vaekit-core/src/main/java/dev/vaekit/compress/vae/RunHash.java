package dev.vaekit.compress.vae;

import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The model hash a compressed file's header records ({@link dev.vaekit.compress.CompressedFile}): SHA-256 of the run's
 * {@code config.json} followed by the weights file that was loaded ({@code best-weights.safetensors},
 * {@code averaged-weights.safetensors} or {@code weights.safetensors}), byte for byte. Decompressing compares it with
 * the file's, so another run, the same run retrained, or other weights of it are refused before any decoding.
 */
public final class RunHash {
    /** The hash's length in bytes. */
    public static final int BYTES = 32;

    private RunHash() {}

    /**
     * @param runDir the run folder
     * @param loaded what was loaded from it
     * @return the 32-byte hash
     * @throws InvalidInputException if the files cannot be read, or differ from what the run's manifest recorded when
     *     the model was loaded (they changed since)
     */
    public static byte[] of(Path runDir, Checkpoint.Loaded loaded) {
        String weights = weightsFile(loaded);
        MessageDigest both = sha256();
        String config = digest(runDir, "config.json", both);
        String weightsDigest = digest(runDir, weights, both);
        check(runDir, loaded, "config.json", config);
        check(runDir, loaded, weights, weightsDigest);
        return both.digest();
    }

    /** @return the name of the weights file the loaded model holds */
    public static String weightsFile(Checkpoint.Loaded loaded) {
        return loaded.bestWeights()
                ? Checkpoint.BEST_WEIGHTS
                : loaded.averagedWeights() ? Checkpoint.AVERAGED_WEIGHTS : "weights.safetensors";
    }

    /** Feeds a file to {@code both} and returns its own SHA-256 in hexadecimal. */
    private static String digest(Path runDir, String name, MessageDigest both) {
        Path file = runDir.resolve(name);
        MessageDigest own = sha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[1 << 16];
            for (int r; (r = in.read(buffer)) > 0; ) {
                both.update(buffer, 0, r);
                own.update(buffer, 0, r);
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(own.digest());
    }

    private static void check(Path runDir, Checkpoint.Loaded loaded, String name, String digest) {
        String recorded = loaded.manifest().files().get(name);
        if (!digest.equalsIgnoreCase(recorded)) {
            throw new InvalidInputException(runDir.resolve(name) + ": changed since the model was loaded (its SHA-256 "
                    + "differs from " + Checkpoint.MANIFEST + "); is the run still training?");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
