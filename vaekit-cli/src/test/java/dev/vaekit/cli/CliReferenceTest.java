package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * docs/cli.md documents every command from its picocli spec ({@link CliReference}): the generated blocks must equal
 * what the specs say now, every command and subcommand must have one, and the hand-written text of a command's section
 * may name only options that command has. Run with {@code -Dvaekit.docs.update=true} to rewrite the blocks (and add a
 * section for a new command) after changing a command.
 */
class CliReferenceTest {
    private static final Path PAGE = Path.of("..", "docs", "cli.md");
    private static final Pattern SECTION = Pattern.compile("(?m)^## vaekit ([a-z0-9 -]+)$");
    private static final Pattern INLINE_OPTION = Pattern.compile("`(--?[a-zA-Z][a-z0-9-]*)");

    @Test
    void thePageIsWhatTheCommandsSay() throws IOException {
        String page = Files.readString(PAGE);
        String made = CliReference.update(page);
        if (Boolean.getBoolean("vaekit.docs.update")) {
            Files.writeString(PAGE, made);
            page = made;
        }
        assertThat(page)
                .as("docs/cli.md is out of date: regenerate it with -Dvaekit.docs.update=true")
                .isEqualTo(made);
    }

    @Test
    void everyCommandHasOneBlockAndOneSection() throws IOException {
        String page = Files.readString(PAGE);
        Set<String> commands = CliReference.commands().keySet();
        List<String> blocks = CliReference.blockNames(page);
        assertThat(blocks).as("one block per command").doesNotHaveDuplicates();
        assertThat(blocks).as("blocks of commands that exist").containsExactlyInAnyOrderElementsOf(commands);
        List<String> sections = new ArrayList<>();
        Matcher m = SECTION.matcher(page);
        while (m.find()) {
            sections.add(m.group(1));
        }
        assertThat(sections).as("one section per command").containsExactlyInAnyOrderElementsOf(commands);
    }

    @Test
    void theProseOfASectionNamesOnlyOptionsOfItsCommand() throws IOException {
        String page = Files.readString(PAGE);
        Map<String, CommandSpec> commands = CliReference.commands();
        Matcher m = SECTION.matcher(page);
        List<int[]> bounds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            bounds.add(new int[] {m.start(), m.end()});
            names.add(m.group(1));
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : page.length();
            String prose = page.substring(bounds.get(i)[1], end)
                    .replaceAll("(?s)<!-- cli:begin .*?<!-- cli:end -->", "")
                    .replaceAll("(?s)```.*?```", "");
            CommandSpec spec = commands.get(names.get(i));
            if (spec == null) {
                continue;
            }
            Set<String> options = CliReference.optionNames(spec);
            Matcher o = INLINE_OPTION.matcher(prose);
            while (o.find()) {
                checked++;
                if (!options.contains(o.group(1))) {
                    problems.add("vaekit " + names.get(i) + " has no option " + o.group(1));
                }
            }
        }
        assertThat(checked).as("options named in the prose").isGreaterThan(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void blocksListEveryOptionOnce() {
        CommandSpec eval = CliReference.commands().get("eval");
        String block = CliReference.block("eval", eval);
        for (var o : eval.options()) {
            if (!CliReference.COMMON.contains(o.longestName())) {
                assertThat(block).contains("| `" + CliReference.optionLabel(o).replace("|", "\\|") + "` |");
            }
        }
        assertThat(block).contains("| `RUN` |").contains("`--debug`").contains("`--threads`");
        String train = CliReference.block("train", CliReference.commands().get("train"));
        ConfigFlags.all().forEach(f -> assertThat(train).contains("`" + f.name() + "`"));
        assertThat(train).contains("(configuration.md)").doesNotContain("| `--latent-dim=");
    }
}
