package dev.vaekit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.IdxReader;
import java.io.ByteArrayInputStream;

/** IDX files, raw or gzip-compressed: any bytes parse or are refused in one line (see {@link FuzzContract}). */
class IdxReaderFuzzTest {
    @FuzzTest
    void anyBytesParseOrAreRefusedInOneLine(byte[] input) {
        try {
            IdxReader.read(new ByteArrayInputStream(input), "fuzz.idx");
        } catch (InvalidInputException e) {
            FuzzContract.refusedCleanly(e, "fuzz.idx");
        }
    }
}
