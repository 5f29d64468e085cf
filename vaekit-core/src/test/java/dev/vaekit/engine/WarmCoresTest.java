package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vaekit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The spinners that keep cores awake ({@link WarmCores}), on Linux: a hold starts one of the lowest scheduling class
 * ({@code SCHED_IDLE}, read back from {@code /proc}), a release or a lapsed lease parks it.
 */
class WarmCoresTest {

    private static Path spinnerTask() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                        try {
                            return Files.readString(t.resolve("comm")).trim().startsWith("vaekit-warm-cor");
                        } catch (IOException e) {
                            return false; // the thread ended
                        }
                    })
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** A field of a task's stat line, counted from 1 as proc(5) does (the name in field 2 may hold spaces). */
    private static String field(Path task, int n) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+")[n - 3];
    }

    @Test
    void aHoldSpinsAtTheLowestPriorityUntilReleasedOrLapsed() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "SCHED_IDLE is Linux's");
        assertThat(WarmCores.available()).isTrue();
        try {
            WarmCores.hold(1);
            assertThat(Fixtures.awaitSpinners(1)).as("held").isEqualTo(1);
            assertThat(field(spinnerTask(), 41))
                    .as("the scheduling policy (stat field 41)")
                    .isEqualTo("5");
            WarmCores.release();
            assertThat(Fixtures.awaitSpinners(0)).as("released").isZero();
            WarmCores.hold(1);
            assertThat(Fixtures.awaitSpinners(1)).as("held again").isEqualTo(1);
            Thread.sleep(3 * WarmCores.LEASE_MILLIS); // nobody renews the lease
            assertThat(Fixtures.awaitSpinners(0)).as("lapsed").isZero();
        } finally {
            WarmCores.release();
        }
    }

    @Test
    void holdsAreCounted() {
        assertThatThrownBy(() -> WarmCores.hold(-1)).isInstanceOf(IllegalArgumentException.class);
        WarmCores.hold(0); // nothing to keep awake: never starts a spinner
        assertThat(WarmCores.spinning()).isZero();
    }
}
