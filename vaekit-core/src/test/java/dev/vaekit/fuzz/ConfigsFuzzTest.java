package dev.vaekit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vaekit.InvalidInputException;
import dev.vaekit.train.Configs;
import java.nio.file.Path;
import java.util.Map;

/**
 * Config files, JSON or YAML, as {@code train --config} reads them (merged over the defaults and validated by the
 * records): any bytes parse or are refused in one line (see {@link FuzzContract}).
 */
class ConfigsFuzzTest {
    private static final Path DIR = FuzzContract.scratch("configs");

    @FuzzTest
    void anyBytesParseOrAreRefusedInOneLine(FuzzedDataProvider data) {
        String name = data.consumeBoolean() ? "fuzz.yaml" : "fuzz.json";
        Path file = FuzzContract.write(DIR.resolve(name), data.consumeRemainingAsBytes());
        try {
            Configs.build(file, Map.of());
        } catch (InvalidInputException e) {
            FuzzContract.refusedCleanly(e, name);
        }
    }
}
