package dev.vaekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of every Markdown page in the repository (README.md, BENCHMARKS.md, docs/, models/, bench/, the
 * data notices) resolves: the file or folder exists inside the repository, and a {@code #fragment} names a heading of
 * the page it points at, by GitHub's rule for heading anchors. Links in code are not links and are skipped; web
 * addresses are not checked.
 */
class DocsLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", "runs", "results", ".peer");
    private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}```.*?^ {0,3}```");
    private static final Pattern SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?: \"[^\"]*\")?\\)");
    private static final Pattern SRC = Pattern.compile("<(?:img|a)\\s[^>]*(?:src|href)=\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#*$");
    private static final Pattern ID = Pattern.compile("<a (?:id|name)=\"([^\"]+)\"");

    /** @return every Markdown file of the repository outside build output and run folders */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.toString().endsWith(".md")) {
                    pages.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        pages.sort(null);
        return pages;
    }

    /** @return a page's text without its code blocks and code spans */
    static String withoutCode(String markdown) {
        return SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    }

    /**
     * GitHub's anchor of a heading: the text as rendered (code, emphasis and link markup dropped), lower-cased, every
     * character but letters, digits, spaces, hyphens and underscores removed, spaces turned into hyphens.
     */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "")
                .replaceAll("<[^>]+>", "")
                .replace("**", "")
                .toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{M}\\p{N} _-]", "").replace(' ', '-');
    }

    /** @return the anchors of a page's headings (repeated headings numbered as GitHub does) and explicit ids */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher h = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (h.find()) {
            String a = anchor(h.group(1));
            int n = seen.merge(a, 1, Integer::sum);
            anchors.add(n == 1 ? a : a + "-" + (n - 1));
        }
        Matcher id = ID.matcher(markdown);
        while (id.find()) {
            anchors.add(id.group(1));
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            String text = withoutCode(Files.readString(page));
            List<String> targets = new ArrayList<>();
            for (Pattern p : new Pattern[] {LINK, SRC}) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    targets.add(m.group(1));
                }
            }
            for (String target : targets) {
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                links++;
                String where = ROOT.relativize(page) + ": " + target;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved =
                        file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT)) {
                    problems.add(where + " leaves the repository");
                    continue;
                }
                if (!Files.exists(resolved)) {
                    problems.add(where + " does not exist");
                    continue;
                }
                if (hash >= 0 && resolved.toString().endsWith(".md")) {
                    String fragment = target.substring(hash + 1);
                    if (!anchors(Files.readString(resolved)).contains(fragment)) {
                        problems.add(where + ": no heading with the anchor #" + fragment);
                    }
                }
            }
        }
        assertThat(links).as("links checked").isGreaterThan(100);
        assertThat(problems).isEmpty();
    }

    @Test
    void anchorsFollowGitHubsRule() {
        assertThat(anchor("6. `optimizer.safetensors` and `trainer-state.json`"))
                .isEqualTo("6-optimizersafetensors-and-trainer-statejson");
        assertThat(anchor("β-TCVAE")).isEqualTo("β-tcvae");
        assertThat(anchor("Spark: batch encode and score, local Spark against the command line (2026-12-02)"))
                .isEqualTo("spark-batch-encode-and-score-local-spark-against-the-command-line-2026-12-02");
        assertThat(anchors("# A\n## A\n```\n# not a heading\n```\n")).containsExactlyInAnyOrder("a", "a-1");
    }
}
