package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.engine.Threads.CpuSample;
import dev.vaekit.engine.Threads.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The free-core estimate, from counters given by hand, and the reading of Linux's {@code /proc} files. */
class ThreadsTest {
    private static final long SECOND = 1_000_000_000L;

    /** A second sample {@code seconds} after {@code at}, with the machine and this process busy for the ticks given. */
    private static CpuSample after(CpuSample at, double seconds, long machineTicks, long ownTicks) {
        return new CpuSample(
                at.nanos() + (long) (seconds * SECOND),
                at.machineBusyTicks() + machineTicks,
                at.ownTicks() + ownTicks,
                at.machineCpus());
    }

    @Test
    void otherProcessesTakeTheirCoresOurOwnTimeIsNotCounted() {
        CpuSample start = new CpuSample(5 * SECOND, 1_000_000, 300, 2);
        // half a second, this process busy on both cores (100 ticks), nothing else: both free
        assertThat(Threads.freeCores(start, after(start, 0.5, 100, 100), 2)).isEqualTo(2);
        // one other process on one core (50 ticks in 0.5 s) beside ours: one free
        assertThat(Threads.freeCores(start, after(start, 0.5, 150, 100), 2)).isEqualTo(1);
        // both cores taken by others: still one thread, never none
        assertThat(Threads.freeCores(start, after(start, 0.5, 100, 0), 2)).isEqualTo(1);
        // 8 cores, 2.6 taken by others over 2 s: 5 free (5.4 rounded)
        CpuSample eight = new CpuSample(0, 0, 0, 8);
        assertThat(Threads.freeCores(eight, after(eight, 2, 520, 0), 8)).isEqualTo(5);
    }

    @Test
    void withoutAUsableMeasurementItIsAllCores() {
        CpuSample start = new CpuSample(0, 0, 0, 2);
        assertThat(Threads.freeCores(null, start, 2)).isEqualTo(2);
        assertThat(Threads.freeCores(start, null, 2)).isEqualTo(2);
        // 50 ms is too short to count ticks of 10 ms
        assertThat(Threads.freeCores(start, after(start, 0.05, 10, 0), 2)).isEqualTo(2);
        // /proc/stat counts 64 CPUs, this JVM may use 2: a container seeing the host
        CpuSample host = new CpuSample(0, 0, 0, 64);
        assertThat(Threads.freeCores(host, after(host, 1, 6000, 0), 2)).isEqualTo(2);
    }

    @Test
    void procFilesAreReadAsLinuxWritesThem() {
        List<String> stat = List.of(
                "cpu  10 20 30 1000 50 6 7 8 0 0",
                "cpu0 5 10 15 500 25 3 3 4 0 0",
                "cpu1 5 10 15 500 25 3 4 4 0 0",
                "intr 12345",
                "ctxt 999");
        assertThat(CpuSample.busyTicks(stat)).isEqualTo(10 + 20 + 30 + 6 + 7 + 8);
        assertThat(CpuSample.cpuCount(stat)).isEqualTo(2);
        // the command name may hold spaces and parentheses
        String self = "4242 (java (my) app) S 1 4242 4242 0 -1 4194560 1000 0 0 0 " + "123 45 0 0 20 0 30 0 100 0 0";
        assertThat(CpuSample.ownTicks(self)).isEqualTo(123 + 45);
    }

    @Test
    void onLinuxTheCountersAreReadAndGrow() throws Exception {
        CpuSample a = CpuSample.now();
        if (a == null) {
            return; // not Linux: the estimate falls back to all cores, checked above
        }
        long spin = System.nanoTime() + 200_000_000L;
        double x = 0;
        while (System.nanoTime() < spin) {
            x += Math.sqrt(x + 1); // 0.2 s of this process's own work
        }
        CpuSample b = CpuSample.now();
        assertThat(x).isPositive();
        assertThat(a.machineCpus()).isPositive();
        assertThat(b.ownTicks()).isGreaterThanOrEqualTo(a.ownTicks() + 1);
        assertThat(b.machineBusyTicks())
                .isGreaterThanOrEqualTo(a.machineBusyTicks() + (b.ownTicks() - a.ownTicks()) / 2);
        int free = Threads.freeCores(a, b, a.machineCpus());
        assertThat(free).isBetween(1, a.machineCpus());
    }

    @Test
    void theLadderClimbsFromOneThreadToAllWithProductsAheadWhereTheyCanBe() {
        assertThat(Threads.ladder(2, false)).containsExactly(new Setting(1, 1), new Setting(2, 2));
        assertThat(Threads.ladder(3, true))
                .containsExactly(
                        new Setting(1, 1), new Setting(1, 2), new Setting(2, 2), new Setting(2, 3), new Setting(3, 3));
        assertThat(Threads.ladder(1, true)).containsExactly(new Setting(1, 1));
        assertThat(new Setting(1, 2)).hasToString("1+2");
        assertThat(new Setting(2, 2)).hasToString("2");
        assertThatThrownBy(() -> new Setting(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Setting(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Threads.ladder(0, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
