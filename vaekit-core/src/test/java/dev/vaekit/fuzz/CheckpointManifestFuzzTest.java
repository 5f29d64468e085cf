package dev.vaekit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code manifest.json} as every command that opens a run folder reads it ({@link Checkpoint#verify}): against a folder
 * whose four files exist, any manifest bytes verify or are refused in one line (see {@link FuzzContract}); verification
 * never touches a file outside the folder.
 */
class CheckpointManifestFuzzTest {
    private static final Path RUN = FuzzContract.scratch("checkpoint");

    static {
        for (String name : Checkpoint.FILES) {
            FuzzContract.write(RUN.resolve(name), name.getBytes(StandardCharsets.UTF_8));
        }
    }

    @FuzzTest
    void anyManifestVerifiesOrIsRefusedInOneLine(byte[] input) {
        FuzzContract.write(RUN.resolve(Checkpoint.MANIFEST), input);
        try {
            Checkpoint.verify(RUN);
        } catch (InvalidInputException e) {
            FuzzContract.refusedCleanly(e, RUN.toString());
        }
    }
}
