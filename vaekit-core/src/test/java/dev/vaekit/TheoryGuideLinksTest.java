package dev.vaekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/theory.md links every equation to the code that computes it; this keeps those links true: each linked file
 * exists, and a link named {@code Class.method} points at a file that declares that class and method.
 */
class TheoryGuideLinksTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern LINK = Pattern.compile("\\[`?([^\\]`]+)`?\\]\\(([^)#]+)\\)");

    @Test
    void everyLinkedFileClassAndMethodExists() throws Exception {
        String text = Files.readString(DOCS.resolve("theory.md"));
        Matcher m = LINK.matcher(text);
        List<String> problems = new ArrayList<>();
        int code = 0;
        while (m.find()) {
            String name = m.group(1);
            Path target = DOCS.resolve(m.group(2)).normalize();
            if (!Files.isRegularFile(target)) {
                problems.add(m.group(2) + " (for '" + name + "') does not exist");
                continue;
            }
            if (!target.toString().endsWith(".java")) {
                continue;
            }
            code++;
            String source = Files.readString(target);
            String[] parts = name.split("\\.");
            String className = parts[0];
            if (!source.matches("(?s).*\\b(class|record|interface|enum) " + className + "\\b.*")) {
                problems.add(target + " declares no " + className);
            }
            if (parts.length == 2 && !source.matches("(?s).*\\b" + Pattern.quote(parts[1]) + "\\(.*")) {
                problems.add(target + " has no method " + parts[1]);
            }
        }
        assertThat(code).as("links to code").isGreaterThan(20);
        assertThat(problems).isEmpty();
    }
}
