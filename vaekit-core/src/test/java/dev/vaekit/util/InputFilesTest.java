package dev.vaekit.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.CsvReader;
import dev.vaekit.io.Npy;
import dev.vaekit.train.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A folder, a device or an oversized file where a small file belongs is refused before it is read. */
class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSmallTextFileIsReadWhole() throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, "{\"x\": 1}");

        assertThat(InputFiles.readSmallText(f)).isEqualTo("{\"x\": 1}");
    }

    @Test
    void aMissingFileAndAFolderAreNamed() {
        assertThatThrownBy(() -> InputFiles.readSmallText(dir.resolve("none.json")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("none.json") + ": no such file");
        assertThatThrownBy(() -> InputFiles.readSmallText(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir + ": not a regular file (a folder)");
    }

    @Test
    void aFileLargerThanAnyConfigIsRefusedUnread() throws Exception {
        Path f = dir.resolve("big.yaml");
        try (var out = Files.newOutputStream(f)) {
            out.write(new byte[(int) InputFiles.MAX_TEXT_BYTES + 1]);
        }

        assertThatThrownBy(() -> Configs.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("big.yaml: " + (InputFiles.MAX_TEXT_BYTES + 1) + " bytes");
    }

    @Test
    void invalidUtf8IsNamed() throws Exception {
        Path f = dir.resolve("latin1.json");
        Files.write(f, new byte[] {'{', '"', (byte) 0xE9, '"', '}'});

        assertThatThrownBy(() -> InputFiles.readSmallText(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected UTF-8");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void anEndlessDeviceIsRefusedRatherThanReadUntilMemoryRunsOut() {
        Path zero = Path.of("/dev/zero");

        assertThatThrownBy(() -> Configs.read(zero))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("/dev/zero: not a regular file (a device, pipe or socket)");
        assertThatThrownBy(() -> CsvReader.read(zero, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("/dev/zero: not a regular file (a device, pipe or socket)");
        assertThatThrownBy(() -> Npy.read(zero))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void textFromAFileIsShownOnOneLineAndCut() {
        assertThat(InputFiles.shown("a\nb\tc\u0001")).isEqualTo("a\\nb\\tc\\u0001");
        assertThat(InputFiles.shown("x".repeat(41))).isEqualTo("x".repeat(40) + "...");
        assertThat(InputFiles.shown("x".repeat(40))).isEqualTo("x".repeat(40));
    }
}
