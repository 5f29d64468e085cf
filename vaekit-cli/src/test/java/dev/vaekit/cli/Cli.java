package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Runs the command line in-process and captures what it prints. */
final class Cli {
    private Cli() {}

    /** What one run printed and returned. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out, true);
                PrintWriter e = new PrintWriter(err, true)) {
            code = Main.run(args, o, e);
        }
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs and checks that it succeeded. */
    static Result ok(String... args) {
        Result r = run(args);
        assertThat(r.code()).as("%s\n%s", Arrays.toString(args), r).isZero();
        return r;
    }

    /**
     * One epoch of a 3-unit, 1-dimensional VAE with no validation split: the cheapest run that exercises a data set.
     *
     * @param runDir the run folder
     * @param dataArgs the data flags, e.g. {@code --dataset csv:t.csv}
     * @return what the run printed
     */
    static Result trainTiny(Path runDir, String... dataArgs) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(dataArgs));
        args.addAll(List.of(
                "--hidden",
                "3",
                "--latent-dim",
                "1",
                "--validation",
                "0",
                "--epochs",
                "1",
                "--quiet",
                "--out",
                runDir.toString()));
        return ok(args.toArray(String[]::new));
    }

    /** A quick training run on the embedded mnist-mini data: a 784-64-8 VAE. */
    static Path trainSmallRun(Path runDir, int epochs) {
        ok(
                "train",
                "--dataset",
                "mnist-mini",
                "--hidden",
                "64",
                "--latent-dim",
                "8",
                "--epochs",
                Integer.toString(epochs),
                "--quiet",
                "--out",
                runDir.toString());
        return runDir;
    }

    /**
     * Checks the contract for bad input: exit code 2, exactly one line on stderr, no stack trace.
     *
     * @return that line
     */
    static String assertBadInput(Result r) {
        assertThat(r.code()).as("%s", r).isEqualTo(Main.EXIT_BAD_INPUT);
        List<String> lines = r.errLines();
        assertThat(lines).as("stderr of %s", r).hasSize(1);
        assertThat(r.err()).as("stderr").doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(lines.get(0))
                .doesNotStartWith(" ")
                .doesNotContain("at dev.vaekit")
                .doesNotContain("at java.");
        return lines.get(0);
    }

    /** Copies a folder tree. */
    static Path copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** Flips one bit near the end of a file. */
    static void flipByte(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            b[b.length - 5] ^= 0x10;
            Files.write(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
