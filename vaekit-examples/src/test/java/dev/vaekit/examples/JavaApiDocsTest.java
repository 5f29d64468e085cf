package dev.vaekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/java-api.md quotes the examples' {@code // docs:begin ... // docs:end} blocks; every block must appear there
 * verbatim (without its common indentation), so the guide's code is code that compiles and runs.
 */
class JavaApiDocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The blocks of one source file, each with its common indentation removed. */
    static List<String> blocks(Path source) throws IOException {
        List<String> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : Files.readAllLines(source)) {
            if (line.trim().startsWith("// docs:begin")) {
                current = new ArrayList<>();
            } else if (line.trim().equals("// docs:end")) {
                blocks.add(String.join("\n", current).stripIndent().strip());
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    @Test
    void everyExampleBlockIsQuotedInTheGuide() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/java-api.md"));
        List<String> blocks = new ArrayList<>();
        try (Stream<Path> sources = Files.list(ROOT.resolve("vaekit-examples/src/main/java/dev/vaekit/examples"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                blocks.addAll(blocks(source));
            }
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
        for (String block : blocks) {
            assertThat(guide).as("docs/java-api.md should quote:%n%s", block).contains(block);
        }
    }
}
