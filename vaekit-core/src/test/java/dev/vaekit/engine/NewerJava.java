package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a check that needs Java 22 or later ({@link NativeCalls}) with native access enabled, as the launcher runs
 * vaekit: in this JVM when it is new enough, else in a child JVM of the newest JDK of 22 or later installed beside this
 * one (the suite may run on Java 17); skips the test when there is none. The check is a class's {@code main}, and what
 * it prints is returned.
 */
final class NewerJava {
    private NewerJava() {}

    /** @return what {@code main(new String[0])} of the class printed, run on Java 22 or later */
    static String run(Class<?> check) throws Exception {
        if (Runtime.version().feature() >= 22) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            PrintStream saved = System.out;
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            try {
                check.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } finally {
                System.setOut(saved);
            }
            return buffer.toString(StandardCharsets.UTF_8);
        }
        Optional<Path> java = find();
        assumeTrue(java.isPresent(), "no Java 22 or later installed beside " + System.getProperty("java.home"));
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.get().toString(),
                        "-Xmx256m",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dai.djl.pytorch.num_threads=2",
                        "-cp",
                        System.getProperty("java.class.path"),
                        check.getName()))
                .redirectErrorStream(true);
        builder.environment().put("DJL_OFFLINE", "true");
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(600, TimeUnit.SECONDS)).as("a hang guard").isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    /** @return the java of the newest JDK of version 22 or later beside this one (Debian's /usr/lib/jvm), if any */
    private static Optional<Path> find() throws IOException {
        Path jvms = Path.of(System.getProperty("java.home")).getParent();
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")))
                    .filter(h -> feature(h) >= 22)
                    .max(Comparator.comparingInt(NewerJava::feature))
                    .map(h -> h.resolve("bin/java"));
        }
    }

    /** The feature version in a JDK's {@code release} file, 0 where there is none. */
    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    return Integer.parseInt(
                            line.substring("JAVA_VERSION=\"".length()).split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
