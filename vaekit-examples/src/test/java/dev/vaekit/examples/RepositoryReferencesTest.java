package dev.vaekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The repository speaks only of itself and stays small: no tracked file refers to the development machine's folders
 * outside it (its absolute work folder, a shared notes folder beside the checkout), and no tracked file is over
 * 8 MiB.
 */
class RepositoryReferencesTest {
    private static final Path ROOT = DocsLinksTest.ROOT;
    /** Spelled in pieces so that this file does not name them itself. */
    private static final List<String> OUTSIDE = List.of("/wo" + "rk/", "shared" + "/docs", "../" + "shared");

    private static final long MAX_BYTES = 8L << 20;

    /** @return the files git tracks, relative to the root */
    private static List<String> tracked() throws IOException, InterruptedException {
        Process git;
        try {
            git = new ProcessBuilder("git", "ls-files", "-z")
                    .directory(ROOT.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            Assumptions.abort("git is not installed: " + e.getMessage());
            throw e;
        }
        byte[] out = git.getInputStream().readAllBytes();
        Assumptions.assumeTrue(git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0, "not a git checkout");
        List<String> files = new ArrayList<>();
        for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
            if (!name.isEmpty()) {
                files.add(name);
            }
        }
        return files;
    }

    @Test
    void noTrackedFileNamesAFolderOutsideTheRepository() throws Exception {
        List<String> problems = new ArrayList<>();
        int text = 0;
        for (String name : tracked()) {
            Path file = ROOT.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (isBinary(bytes)) {
                continue;
            }
            text++;
            String content = new String(bytes, StandardCharsets.UTF_8);
            for (String outside : OUTSIDE) {
                if (content.contains(outside)) {
                    problems.add(name + " names " + outside);
                }
            }
        }
        assertThat(text).as("text files read").isGreaterThan(200);
        assertThat(problems).isEmpty();
    }

    @Test
    void noTrackedFileIsOverEightMebibytes() throws Exception {
        List<String> large = new ArrayList<>();
        for (String name : tracked()) {
            Path file = ROOT.resolve(name);
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                large.add(name + " (" + Files.size(file) + " bytes)");
            }
        }
        assertThat(large).isEmpty();
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
