package dev.vaekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md is a front page: at most 12 KB, opening with the two commands exactly as they are (and what quickstart
 * writes), and its Java example is TrainAVae's documented block, shortened only by leaving lines out, so it is code
 * that compiles and runs.
 */
class ReadmeTest {
    private static final Path ROOT = DocsLinksTest.ROOT;
    private static final long MAX_BYTES = 12 * 1024;

    private static final String COMMANDS = "```sh\n"
            + "./vaekit quickstart    # trains a VAE on the embedded mnist-mini data in about a minute; pictures and "
            + "numbers under runs/quickstart/\n"
            + "scripts/test           # the whole test suite\n"
            + "```\n";

    @Test
    void isAtMostTwelveKilobytes() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md"))).isLessThanOrEqualTo(MAX_BYTES);
    }

    @Test
    void opensWithTheTwoCommandsAndWhatQuickstartWrites() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).startsWith("# vaekit\n\n" + COMMANDS);
        assertThat(readme.replaceAll("\\s+", " "))
                .contains("`quickstart` trains a 784-400-20 ReLU VAE with a Bernoulli decoder for 40 epochs on the "
                        + "5000-image MNIST subset that ships inside vaekit (no download), then writes `samples.png`");
    }

    @Test
    void itsJavaExampleIsTrainAVaesBlockWithLinesLeftOut() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("(?s)```java\\n(.*?)```").matcher(readme);
        assertThat(m.find()).as("a Java example").isTrue();
        List<String> example = m.group(1).strip().lines().toList();
        List<String> block = JavaApiDocsTest.blocks(
                        ROOT.resolve("vaekit-examples/src/main/java/dev/vaekit/examples/TrainAVae.java"))
                .get(0)
                .lines()
                .toList();
        assertThat(example.size()).as("lines of the README's example").isBetween(12, 20);
        int at = 0;
        for (String line : example) {
            while (at < block.size() && !block.get(at).equals(line)) {
                at++;
            }
            assertThat(at)
                    .as("README line '%s' should follow the previous one in TrainAVae's docs block", line)
                    .isLessThan(block.size());
            at++;
        }
    }
}
