package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command lines quoted in the documentation (README.md, BENCHMARKS.md, models/README.md, bench/, docs/ and the
 * configs' comments) name commands and options that exist: every {@code vaekit COMMAND ... --option} in a code span or
 * code block is checked against the command's picocli spec, so an example cannot keep an option that was renamed or
 * removed.
 */
class DocsCommandLinesTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern FENCE = Pattern.compile("(?s)```[a-z]*\\n(.*?)```");
    private static final Pattern SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern CALL = Pattern.compile("(?:^|[\\s(/])vaekit ([a-z][a-z0-9-]*)((?: [^ ]+)*)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[a-zA-Z][a-zA-Z0-9-]*)");

    @Test
    void everyQuotedCommandLineUsesOptionsTheCommandHas() throws IOException {
        Map<String, CommandSpec> commands = CliReference.commands();
        List<String> problems = new ArrayList<>();
        int calls = 0;
        for (Path file : documents()) {
            String text = Files.readString(file);
            for (String code : code(file, text)) {
                for (String line : code.replace("\\\n", " ").split("\n")) {
                    if (line.strip().startsWith("# ")) {
                        continue; // a comment in a shell block
                    }
                    Matcher m = CALL.matcher(cut(line));
                    while (m.find()) {
                        String[] words = m.group(2).trim().split(" +");
                        String name = m.group(1);
                        if (!commands.containsKey(name)) {
                            continue; // "vaekit <command>", "vaekit --help": not a call of a command
                        }
                        int first = 0;
                        if (words.length > 0 && commands.containsKey(name + " " + words[0])) {
                            name = name + " " + words[0];
                            first = 1;
                        }
                        calls++;
                        var options = CliReference.optionNames(commands.get(name));
                        for (int i = first; i < words.length; i++) {
                            Matcher o = OPTION.matcher(words[i]);
                            if (o.lookingAt() && !options.contains(o.group(1).split("=")[0])) {
                                problems.add(ROOT.relativize(file) + ": vaekit " + name + " has no option " + o.group(1)
                                        + " (in: " + line.strip() + ")");
                            }
                        }
                    }
                }
            }
        }
        assertThat(calls).as("command lines checked").isGreaterThan(30);
        assertThat(problems).isEmpty();
    }

    /** Drops a shell comment and what follows a pipe or a second command. */
    private static String cut(String line) {
        String s = line;
        for (String end : new String[] {" # ", " | ", " && ", "; "}) {
            int at = s.indexOf(end);
            if (at >= 0) {
                s = s.substring(0, at);
            }
        }
        return s;
    }

    /** The code of a file: a Markdown file's code blocks and spans; a config's comment lines. */
    private static List<String> code(Path file, String text) {
        List<String> code = new ArrayList<>();
        if (!file.toString().endsWith(".md")) {
            text.lines().filter(l -> l.startsWith("#")).map(l -> l.substring(1)).forEach(code::add);
            return code;
        }
        Matcher fence = FENCE.matcher(text);
        StringBuilder prose = new StringBuilder();
        int at = 0;
        while (fence.find()) {
            code.add(fence.group(1));
            prose.append(text, at, fence.start());
            at = fence.end();
        }
        prose.append(text.substring(at));
        Matcher span = SPAN.matcher(prose);
        while (span.find()) {
            code.add(span.group(1));
        }
        return code;
    }

    static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : new String[] {"README.md", "BENCHMARKS.md"}) {
            files.add(ROOT.resolve(name));
        }
        for (String folder : new String[] {"docs", "models", "bench", "configs"}) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(folder))) {
                walk.filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".yaml"))
                        .filter(p -> !p.toString().contains("/results/"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }
}
