package dev.vaekit.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.CsvReader;
import dev.vaekit.data.Table;
import dev.vaekit.data.TableSchema;
import java.nio.file.Path;
import java.util.Map;

/**
 * CSV files as the numeric reader ({@code csv:PATH}) and the table reader with its schema fitting and encoding
 * ({@code --likelihood mixed}) see them: any bytes parse or are refused in one line (see {@link FuzzContract}).
 */
class CsvReaderFuzzTest {
    private static final Path FILE = FuzzContract.scratch("csv").resolve("fuzz.csv");

    @FuzzTest
    void anyBytesParseOrAreRefusedInOneLine(byte[] input) {
        FuzzContract.write(FILE, input);
        try {
            CsvReader.read(FILE, null);
        } catch (InvalidInputException e) {
            FuzzContract.refusedCleanly(e, "fuzz.csv");
        }
        try {
            Table table = CsvReader.readTable(FILE);
            TableSchema schema = TableSchema.fit(table, null, Map.of());
            schema.encode(table, "fuzz.csv");
        } catch (InvalidInputException e) {
            FuzzContract.refusedCleanly(e, "fuzz.csv");
        }
    }
}
