package dev.vaekit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vaekit.InvalidInputException;
import dev.vaekit.io.LatentFiles;
import java.nio.file.Path;

/**
 * Latent codes as {@code decode -i} reads them, NPY (float32/float64, any header) or CSV: any bytes parse or are
 * refused in one line (see {@link FuzzContract}).
 */
class LatentFilesFuzzTest {
    private static final Path DIR = FuzzContract.scratch("latents");

    @FuzzTest
    void anyBytesParseOrAreRefusedInOneLine(FuzzedDataProvider data) {
        String name = data.consumeBoolean() ? "fuzz.npy" : "fuzz.csv";
        int expectedDim = data.consumeInt(0, 64);
        Path file = FuzzContract.write(DIR.resolve(name), data.consumeRemainingAsBytes());
        try {
            LatentFiles.read(file, expectedDim);
        } catch (InvalidInputException e) {
            FuzzContract.refusedCleanly(e, name);
        }
    }
}
