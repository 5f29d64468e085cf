package dev.vaekit.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeCreatesTheFileAndLeavesNoTemporary() throws Exception {
        Path target = dir.resolve("a.txt");

        AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("hello");
        assertThat(dir.resolve("a.txt.tmp")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void writeStringReplacesAnExistingFile() throws Exception {
        Path target = dir.resolve("b.json");
        Files.writeString(target, "a much longer old content that must not survive");

        AtomicFiles.writeString(target, "{}");

        assertThat(target).hasContent("{}");
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary() throws Exception {
        Path target = dir.resolve("c.txt");
        Files.writeString(target, "old");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
                    out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(target.getFileName().toString())
                .hasMessageContaining("disk full");
        assertThat(target).hasContent("old");
        assertThat(dir.resolve("c.txt.tmp")).doesNotExist();
    }

    @Test
    void writeStagedWritesOnlyTheTemporarySibling() throws Exception {
        Path target = dir.resolve("d.bin");
        Files.writeString(target, "committed");

        Path tmp = AtomicFiles.writeStaged(target, out -> out.write(new byte[] {1, 2, 3}));

        assertThat(tmp.getFileName().toString()).isEqualTo("d.bin.tmp");
        assertThat(tmp.getParent()).isEqualTo(target.toAbsolutePath().getParent());
        assertThat(Files.readAllBytes(tmp)).containsExactly(1, 2, 3);
        assertThat(target).hasContent("committed");
    }

    @Test
    void moveReplacesTheTarget() throws Exception {
        Path from = dir.resolve("x.tmp");
        Path to = dir.resolve("x");
        Files.writeString(from, "new");
        Files.writeString(to, "old");

        AtomicFiles.move(from, to);

        assertThat(to).hasContent("new");
        assertThat(from).doesNotExist();
    }

    @Test
    void sha256IsTheLowerCaseHexDigest() throws Exception {
        Path f = dir.resolve("abc");
        Files.writeString(f, "abc");
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);

        assertThat(AtomicFiles.sha256(f)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(AtomicFiles.sha256(empty))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void sha256OfALargeFileReadsAllOfIt() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        byte[] data = new byte[200_000];
        Files.write(a, data);
        data[199_999] = 1; // differs only past the first read buffer
        Files.write(b, data);

        assertThat(AtomicFiles.sha256(a)).isNotEqualTo(AtomicFiles.sha256(b)).hasSize(64);
    }

    @Test
    void writingIntoAMissingFolderFailsCleanly() {
        Path target = dir.resolve("no/such/folder/f.txt");

        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x")).isInstanceOf(UncheckedIOException.class);
        assertThat(target).doesNotExist();
    }
}
