package dev.vaekit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.InvalidInputException;
import dev.vaekit.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * What a user of vaekit-spark sees on stderr: one SLF4J provider (no "multiple providers" warning), and on bad input
 * vaekit-spark's one line without Spark's log of the failed tasks.
 */
class SparkLoggingTest {
    @TempDir
    static Path dir;

    private static Path run;

    /** What Spark's logging passed to its appenders while a test ran. */
    private static final List<LogEvent> logged = new ArrayList<>();

    private static AbstractAppender capture;

    private record Result(int code, String out, String err) {}

    private static Result spark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void prepare() {
        System.setProperty("spark.ui.enabled", "false");
        run = dir.resolve("run");
        StringWriter err = new StringWriter();
        int code = Main.run(
                new String[] {
                    "train",
                    "--dataset",
                    "moons",
                    "--binarize",
                    "none",
                    "--likelihood",
                    "gaussian",
                    "--hidden",
                    "8",
                    "--latent-dim",
                    "1",
                    "--epochs",
                    "1",
                    "--validation",
                    "0",
                    "--quiet",
                    "--out",
                    run.toString()
                },
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        // an appender beside the console one: it sees what the console would print
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                synchronized (logged) {
                    logged.add(event.toImmutable());
                }
            }
        };
        capture.start();
        config.addAppender(capture);
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
    }

    @AfterAll
    static void clear() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender("capture");
        context.updateLoggers();
        capture.stop();
        System.clearProperty("spark.ui.enabled");
    }

    @Test
    void oneSlf4jProviderIsOnTheClassPath() {
        List<String> providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(p -> p.type().getName())
                .toList();
        assertThat(providers).containsExactly("org.apache.logging.slf4j.SLF4JServiceProvider");
    }

    @Test
    void aBadCellMetInATaskIsOneLineWithoutSparksLogOfTheFailedTask() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "x,y\n0.1,0.2\nabc,0.3\n");
        synchronized (logged) {
            logged.clear();
        }

        Result r = spark(
                "score",
                "--run",
                run.toString(),
                "--input",
                csv.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--k",
                "4",
                "--master",
                "local[1]");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .isEqualTo("vaekit-spark: " + csv + ": row 1, column 'x': 'abc' is not a number");
        synchronized (logged) {
            // without the filter: the executor's error and the lost task (each with a stack trace), the aborted job
            // and the aborted write
            assertThat(logged)
                    .noneMatch(e -> e.getLevel().isMoreSpecificThan(Level.WARN)
                            && e.getLoggerName().startsWith("org.apache.spark"));
        }
    }

    @Test
    void aMissingLocalInputIsRefusedBeforeSparkStarts() {
        Path none = dir.resolve("none.csv");

        Result r = spark(
                "score",
                "--run",
                run.toString(),
                "--input",
                none.toString(),
                "--output",
                dir.resolve("o").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("vaekit-spark: --input " + none + ": no such file or folder");
        // a URI of another file system, or a glob, is Spark's to read
        SparkMain.requireLocalInput("hdfs:///data/rows.parquet");
        SparkMain.requireLocalInput(dir.resolve("*.csv").toString());
    }

    @Test
    void theFilterDropsBadInputAndWhatFollowsButNothingBefore() {
        BadInputLogFilter filter = new BadInputLogFilter();
        LogEvent unrelated = event(new IllegalStateException("disk full"), "task failed");
        LogEvent bad = event(new RuntimeException("task failed", new InvalidInputException("f.csv: bad")), "lost");
        LogEvent remote = event(null, "Lost task 0.0: dev.vaekit.InvalidInputException: f.csv: bad");
        LogEvent after = event(null, "aborting job");

        assertThat(filter.filter(unrelated)).isEqualTo(Filter.Result.NEUTRAL);
        assertThat(filter.sawBadInput()).isFalse();
        assertThat(filter.filter(bad)).isEqualTo(Filter.Result.DENY);
        assertThat(filter.filter(after)).isEqualTo(Filter.Result.DENY);
        assertThat(filter.filter(unrelated)).isEqualTo(Filter.Result.DENY);

        BadInputLogFilter fromTheDriver = new BadInputLogFilter();
        assertThat(fromTheDriver.filter(remote)).isEqualTo(Filter.Result.DENY);
        assertThat(fromTheDriver.sawBadInput()).isTrue();
    }

    private static LogEvent event(Throwable thrown, String message) {
        return Log4jLogEvent.newBuilder()
                .setLoggerName("org.apache.spark.scheduler.TaskSetManager")
                .setLevel(Level.ERROR)
                .setMessage(new SimpleMessage(message))
                .setThrown(thrown)
                .build();
    }
}
