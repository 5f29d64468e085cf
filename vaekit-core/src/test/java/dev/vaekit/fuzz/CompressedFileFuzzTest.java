package dev.vaekit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.BbAnsDecoder;
import dev.vaekit.compress.CompressedFile;
import dev.vaekit.compress.FeatureDistribution;
import dev.vaekit.compress.GaussianPosterior;
import dev.vaekit.compress.LatentVariableModel;
import dev.vaekit.compress.ObservationModel;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Compressed files as {@code decompress} reads them: any bytes decode or are refused in one line (see {@link
 * FuzzContract}). Half the inputs get a correct trailing CRC-32C, so that the fuzzer reaches the header's fields and
 * the decoder itself rather than stopping at the checksum. The decoder is driven by a small Bernoulli model with the
 * one-byte config hash {7}.
 */
class CompressedFileFuzzTest {
    private static final String ORIGIN = "fuzz.vkbb";
    private static final byte[] HASH = {7};

    /** Decoding a file whose header announces more examples than this is the caller's to refuse; skipped here. */
    private static final int MAX_EXAMPLES = 10_000;

    private static final LatentVariableModel MODEL = new LatentVariableModel() {
        @Override
        public int latentDimension() {
            return 2;
        }

        @Override
        public int featureCount() {
            return 6;
        }

        @Override
        public int alphabetSize() {
            return 2;
        }

        @Override
        public GaussianPosterior posterior(int[] x) {
            double ones = 0;
            for (int v : x) {
                ones += v;
            }
            return new GaussianPosterior(new double[] {0.4 * (ones - 3), 0.1 * ones}, new double[] {-1.5, -0.5});
        }

        @Override
        public ObservationModel likelihood(double[] z) {
            return (j, x) -> new FeatureDistribution.Bernoulli((j - 2.5) * z[j % 2] + (j > 0 ? x[j - 1] - 0.5 : 0));
        }
    };

    @FuzzTest
    void anyBytesDecodeOrAreRefusedInOneLine(FuzzedDataProvider data) {
        boolean reseal = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        if (reseal && bytes.length >= 4) {
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        }
        try {
            if (CompressedFile.header(bytes, ORIGIN).count() > MAX_EXAMPLES) {
                return;
            }
            BbAnsDecoder.decodeAll(bytes, ORIGIN, MODEL, HASH);
        } catch (InvalidInputException e) {
            FuzzContract.refusedCleanly(e, ORIGIN);
        }
    }
}
