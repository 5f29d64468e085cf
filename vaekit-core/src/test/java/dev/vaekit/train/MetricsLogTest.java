package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    private static EpochMetrics epoch(int e) {
        return new EpochMetrics(
                e, 1.5, 3000, 1e-3, 0.5, 120.25, -100.5, 19.75, -120.25, Double.NaN, Double.NaN, Double.NaN, 0, e % 2);
    }

    @Test
    void linesAreAppendedOnePerEpochAndReadBackEqual() throws Exception {
        MetricsLog log = new MetricsLog(dir);

        log.onEpochEnd(null, epoch(1), null);
        log.onEpochEnd(null, epoch(2), null);

        assertThat(Files.readAllLines(dir.resolve(MetricsLog.FILE))).hasSize(2).allMatch(l -> l.startsWith("{"));
        assertThat(MetricsLog.read(dir.resolve(MetricsLog.FILE))).containsExactly(epoch(1), epoch(2));
    }

    @Test
    void linesWrittenBeforeSkippedStepsWereCountedReadAsNone() throws Exception {
        new MetricsLog(dir).onEpochEnd(null, epoch(1), null);
        Path file = dir.resolve(MetricsLog.FILE);
        Files.writeString(file, Files.readString(file).replace(",\"skippedSteps\":1", ""));
        assertThat(Files.readString(file)).doesNotContain("skippedSteps").contains("trainBound");

        assertThat(MetricsLog.read(file))
                .singleElement()
                .extracting(EpochMetrics::skippedSteps)
                .isEqualTo(0);
    }

    @Test
    void anAbsentFileHasNoEpochs() {
        assertThat(MetricsLog.read(dir.resolve("none.jsonl"))).isEmpty();
    }

    @Test
    void aTornLastLineIsSkipped() throws Exception {
        MetricsLog log = new MetricsLog(dir);
        log.onEpochEnd(null, epoch(1), null);
        Files.writeString(dir.resolve(MetricsLog.FILE), "{\"epoch\":2,\"seconds\":1.", StandardOpenOption.APPEND);

        assertThat(MetricsLog.read(dir.resolve(MetricsLog.FILE))).containsExactly(epoch(1));
    }
}
