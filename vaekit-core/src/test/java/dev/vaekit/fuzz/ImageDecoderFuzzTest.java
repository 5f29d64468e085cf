package dev.vaekit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.images.DecodeSettings;
import dev.vaekit.data.images.ImageDecoder;
import java.nio.file.Path;

/**
 * Image files as a folder data set reads them (PNG, JPEG, GIF, BMP, found by content; pixel limit 2^20 so that a
 * lying header costs little): any bytes decode or are refused in one line (see {@link FuzzContract}).
 */
class ImageDecoderFuzzTest {
    private static final Path DIR = FuzzContract.scratch("images");
    private static final ImageDecoder DECODER = new ImageDecoder(new DecodeSettings(3, 8, 0, 1 << 20));

    @FuzzTest
    void anyBytesDecodeOrAreRefusedInOneLine(byte[] input) {
        Path file = FuzzContract.write(DIR.resolve("fuzz.img"), input);
        try {
            DECODER.decode(file);
        } catch (InvalidInputException e) {
            FuzzContract.refusedCleanly(e, "fuzz.img");
        }
    }
}
