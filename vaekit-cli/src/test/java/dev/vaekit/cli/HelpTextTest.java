package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} prints its usage and nothing on stderr (picocli warns there about bad format text). */
class HelpTextTest {

    /** @return the names of every command and subcommand, as argument lists */
    private static List<List<String>> commands(CommandLine cli, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        for (var e : cli.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            all.add(path);
            all.addAll(commands(e.getValue(), path));
        }
        return all;
    }

    @Test
    void helpPrintsNoWarnings() {
        List<List<String>> commands = commands(new CommandLine(new Main()), List.of());
        assertThat(commands).extracting(c -> String.join(" ", c)).contains("density-plot", "compare density");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(command);
                args.add("--help");
                Cli.Result r = Cli.run(args.toArray(String[]::new));
                assertThat(r.code()).as("%s --help", command).isZero();
                assertThat(r.err()).as("%s --help", command).isEmpty();
                assertThat(captured.toString(StandardCharsets.UTF_8))
                        .as("System.err of %s --help", command)
                        .isEmpty();
            }
        } finally {
            System.setErr(stderr);
        }
    }
}
