package dev.vaekit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command-line reference ({@code docs/cli.md}), made from the commands' picocli specs, the same model that
 * {@code --help} prints. The page is hand-written around generated blocks: each command and subcommand has one block,
 * between {@code <!-- cli:begin NAME -->} and {@code <!-- cli:end -->}, holding its synopsis, description, options and
 * positional parameters exactly as the spec has them. {@link #update(String)} rewrites the blocks in a page and appends
 * a section for every command the page lacks; a test keeps the page equal to what this class makes of it, so an option
 * cannot be added, removed or renamed without the page following.
 */
final class CliReference {
    /** Options every command has; listed once on the page, not in every table. */
    static final Set<String> COMMON = Set.of("--debug", "--threads", "--help", "--version");

    private static final Pattern BLOCK =
            Pattern.compile("<!-- cli:begin ([a-z0-9 -]+) -->\\n.*?<!-- cli:end -->", Pattern.DOTALL);

    private CliReference() {}

    /** @return every command and subcommand of {@code vaekit}, by its name after {@code vaekit}, in help order */
    static Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> all = new LinkedHashMap<>();
        collect(new CommandLine(new Main()), "", all);
        return all;
    }

    private static void collect(CommandLine command, String prefix, Map<String, CommandSpec> all) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            String name = prefix + sub.getKey();
            all.put(name, sub.getValue().getCommandSpec());
            collect(sub.getValue(), name + " ", all);
        }
    }

    /**
     * @param page the page as it is
     * @return the page with every block rewritten from the specs, and a section appended for each command without one
     */
    static String update(String page) {
        Map<String, CommandSpec> commands = commands();
        StringBuilder out = new StringBuilder();
        Matcher m = BLOCK.matcher(page);
        int at = 0;
        List<String> present = new ArrayList<>();
        while (m.find()) {
            out.append(page, at, m.start());
            String name = m.group(1);
            present.add(name);
            CommandSpec spec = commands.get(name);
            out.append(spec == null ? m.group() : block(name, spec));
            at = m.end();
        }
        out.append(page.substring(at));
        for (Map.Entry<String, CommandSpec> e : commands.entrySet()) {
            if (!present.contains(e.getKey())) {
                if (out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
                out.append("\n## vaekit ")
                        .append(e.getKey())
                        .append("\n\n")
                        .append(block(e.getKey(), e.getValue()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** @return the names of the blocks a page holds, in page order */
    static List<String> blockNames(String page) {
        List<String> names = new ArrayList<>();
        Matcher m = BLOCK.matcher(page);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * @param name the command's name after {@code vaekit}, e.g. {@code compare density}
     * @param spec its spec
     * @return its block, markers included
     */
    static String block(String name, CommandSpec spec) {
        StringBuilder md = new StringBuilder();
        md.append("<!-- cli:begin ").append(name).append(" -->\n");
        md.append(
                "<!-- made from the command's picocli spec by CliReference; edit the command, not this block -->\n\n");
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        md.append("```text\n").append(help.synopsis(0).stripTrailing()).append("\n```\n\n");
        for (String paragraph : paragraphs(spec.usageMessage().description())) {
            md.append(escape(paragraph)).append("\n\n");
        }
        if (!spec.subcommands().isEmpty()) {
            md.append("| subcommand | what it does |\n|---|---|\n");
            for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
                String full = name + " " + sub.getKey();
                md.append("| [`")
                        .append(sub.getKey())
                        .append("`](#")
                        .append(anchor("vaekit " + full))
                        .append(") | ")
                        .append(cell(firstSentence(
                                sub.getValue().getCommandSpec().usageMessage().description())))
                        .append(" |\n");
            }
            md.append('\n');
        }
        List<String> rows = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                rows.add("| `" + p.paramLabel() + "` | " + cell(text(p)) + " |");
            }
        }
        Map<String, String> configFlags = name.equals("train") ? ConfigFlags.fields() : Map.of();
        List<String> common = new ArrayList<>();
        List<String> config = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            if (COMMON.contains(o.longestName())) {
                common.add("`" + o.shortestName() + "`" + (o.names().length > 1 ? "/`" + o.longestName() + "`" : ""));
                continue;
            }
            if (configFlags.containsKey(o.longestName())) {
                config.add("`" + o.longestName() + "`");
                continue;
            }
            rows.add("| `" + optionLabel(o).replace("|", "\\|") + "` | " + (o.required() ? "Required. " : "")
                    + cell(text(o)) + " |");
        }
        if (!rows.isEmpty()) {
            md.append("| option | meaning |\n|---|---|\n");
            rows.forEach(r -> md.append(r).append('\n'));
            md.append('\n');
        }
        if (!config.isEmpty()) {
            md.append("And one flag per config field, each setting the field it names (")
                    .append(config.size())
                    .append(" flags; their fields, defaults and meanings are in the [configuration reference]")
                    .append("(configuration.md)): ")
                    .append(String.join(", ", config))
                    .append(".\n\n");
        }
        if (!common.isEmpty()) {
            md.append("Common options: ").append(String.join(", ", common)).append(" ([above](#common-options)).\n\n");
        }
        md.append("<!-- cli:end -->");
        return md.toString();
    }

    /** @return how an option is written with its value, e.g. {@code -o, --out=DIR} or {@code --strict[=BOOL]} */
    static String optionLabel(OptionSpec o) {
        String names = String.join(", ", o.names());
        if (o.arity().max() == 0) {
            return names;
        }
        return names + (o.arity().min() == 0 ? "[=" + o.paramLabel() + "]" : "=" + o.paramLabel());
    }

    /** @return GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens */
    static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    private static String text(ArgSpec arg) {
        return String.join(" ", paragraphs(arg.description()));
    }

    /** picocli descriptions are format strings: {@code %n} breaks a paragraph, {@code %%} is a percent sign. */
    private static List<String> paragraphs(String[] description) {
        String joined = String.join("%n", description);
        List<String> out = new ArrayList<>();
        for (String p : joined.split("%n")) {
            String t = p.replace("%%", "%").strip().replaceAll("\\s+", " ");
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static String firstSentence(String[] description) {
        List<String> p = paragraphs(description);
        if (p.isEmpty()) {
            return "";
        }
        String first = p.get(0);
        int stop = first.indexOf(". ");
        String sentence = stop < 0 ? first : first.substring(0, stop + 1);
        // a sentence that introduces a list ("... and print:") continues in the command's own section
        return sentence.endsWith(":") ? sentence.substring(0, sentence.length() - 1) + " …" : sentence;
    }

    private static String cell(String text) {
        return escape(text).replace("|", "\\|");
    }

    /** Markdown would read {@code <x>} as a tag and {@code *} as emphasis. */
    private static String escape(String text) {
        return text.replace("<", "&lt;").replace("*", "\\*");
    }

    /** @return the long option names (and short ones) a command accepts */
    static Set<String> optionNames(CommandSpec spec) {
        return spec.options().stream()
                .flatMap(o -> java.util.Arrays.stream(o.names()))
                .collect(Collectors.toSet());
    }
}
