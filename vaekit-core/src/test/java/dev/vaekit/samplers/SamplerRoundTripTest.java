package dev.vaekit.samplers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A saved and loaded sampler draws and scores exactly as the fitted one, and saving is all or nothing. */
class SamplerRoundTripTest {
    private static final double[] MEAN = {0.5, -1};
    private static final double[][] LOWER = {{1.2, 0}, {0.4, 0.6}};

    @TempDir
    Path dir;

    private static LatentSampler fitTiny(SamplerKind kind) {
        return LatentSampler.fitCodes(SamplerFixtures.gaussian(400, MEAN, LOWER, 1), 2, SamplerFixtures.tiny(kind));
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void aLoadedSamplerDrawsAndScoresTheSameCodesForASeed(SamplerKind kind) {
        Path folder = dir.resolve("samplers").resolve(kind.id());
        float[] probe = SamplerFixtures.gaussian(30, MEAN, LOWER, 2);
        try (LatentSampler fitted = fitTiny(kind)) {
            fitted.save(folder);
            try (LatentSampler loaded = LatentSampler.load(folder)) {
                assertThat(loaded.kind()).isEqualTo(kind);
                assertThat(loaded.dim()).isEqualTo(2);
                assertThat(loaded.description()).isEqualTo(fitted.description());
                assertThat(loaded.heldOut()).isEqualTo(fitted.heldOut());
                assertThat(loaded.spec().config()).isEqualTo(fitted.spec().config());
                assertThat(loaded.drawCodes(40, 0.7, 9)).isEqualTo(fitted.drawCodes(40, 0.7, 9));
                assertThat(loaded.drawCodes(40, 0.7, 10)).isNotEqualTo(fitted.drawCodes(40, 0.7, 9));
                assertThat(loaded.logDensity(probe)).isEqualTo(fitted.logDensity(probe));
            }
        }
        assertThat(LatentSampler.names(dir)).containsExactly(kind.id());
        assertThat(folder.resolve(LatentSampler.SPEC_FILE)).isRegularFile();
        assertThat(dir.resolve("samplers").resolve("." + kind.id() + ".partial"))
                .doesNotExist();
    }

    @Test
    void anExistingFolderIsNotOverwritten() throws Exception {
        Path folder = dir.resolve("s");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("keep.txt"), "mine");
        try (LatentSampler fitted = fitTiny(SamplerKind.GMM)) {
            assertThatThrownBy(() -> fitted.save(folder))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("already exists");
        }
        assertThat(folder.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void whatAKilledSaveLeftIsReplaced() throws Exception {
        Path partial = dir.resolve(".s.partial");
        Files.createDirectories(partial.resolve("model"));
        Files.writeString(partial.resolve("model").resolve("stale"), "x");
        try (LatentSampler fitted = fitTiny(SamplerKind.GMM)) {
            fitted.save(dir.resolve("s"));
        }
        assertThat(partial).doesNotExist();
        try (Stream<Path> files = Files.list(dir.resolve("s"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(LatentSampler.SPEC_FILE, GmmDensity.FILE);
        }
    }
}
