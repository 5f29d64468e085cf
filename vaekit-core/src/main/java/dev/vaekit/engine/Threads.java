package dev.vaekit.engine;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * libtorch's intra-op thread count, and how many cores the machine has free for it.
 *
 * <p>By default vaekit uses the cores that are actually free: when the engine starts, {@link Engines} sets the count
 * to {@link #freeCores}, estimated from the CPU time the rest of the machine used since the JVM started, and training
 * keeps adjusting it ({@code train.AdaptiveThreads}). The count is fixed when the user gave one: the system property
 * {@value #PROPERTY} (what {@code --threads N} sets, read by DJL when the engine starts).
 *
 * <p>libtorch keeps one count for the process, but under OpenMP each thread applies it to the parallel regions it
 * starts: {@link #set} takes effect on the calling thread at once and on every other thread at its first parallel
 * operation. Training threads therefore call it themselves. Where libtorch links MKL, a thread's matrix products may
 * use one thread more than its other kernels ({@link Setting}, {@link #ladder}); with sleeping OpenMP threads that is
 * often the fastest way to use two cores.
 *
 * <p>How the threads wait between parallel regions is fixed when libtorch loads, by the environment of GNU OpenMP
 * (libtorch's CPU build from Maven uses libgomp): {@code OMP_WAIT_POLICY=PASSIVE} (sleep at once) or
 * {@code GOMP_SPINCOUNT} (spin that many rounds first). libgomp's default, spinning some 300,000 rounds (milliseconds),
 * made a 2-thread epoch 10-25 times slower beside other busy processes; the launcher and the test configuration set
 * the policy (see the README).
 */
public final class Threads {
    /** The system property that fixes the intra-op thread count (DJL's; {@code --threads} sets it). */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private Threads() {}

    /** @return whether the user fixed the thread count (the property {@value #PROPERTY} is set) */
    public static boolean fixedByUser() {
        return System.getProperty(PROPERTY) != null;
    }

    /** @return the cores this JVM may run on (affinity and container limits included) */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** @return libtorch's intra-op thread count as the calling thread sees it */
    public static int current() {
        Engines.engine();
        return JniUtils.getNumThreads();
    }

    /**
     * Sets libtorch's intra-op thread count, at once for the calling thread (see the class comment for the others);
     * matrix products follow it.
     *
     * @param n at least 1
     */
    public static void set(int n) {
        set(new Setting(n, n));
    }

    /**
     * How the calling thread's libtorch operations use threads.
     *
     * @param ops libtorch's intra-op count, for its own kernels (element-wise, reductions, convolutions), at least 1
     * @param products the count of MKL's matrix products, at least {@code ops}; above it only where
     *     {@link #productsApart()}
     */
    public record Setting(int ops, int products) {
        /** Checks the counts. */
        public Setting {
            if (ops < 1 || products < ops) {
                throw new IllegalArgumentException("need 1 <= ops <= products, got " + ops + " and " + products);
            }
        }

        @Override
        public String toString() {
            return ops == products ? Integer.toString(ops) : ops + "+" + products;
        }
    }

    /**
     * @return whether matrix products can use more threads than libtorch's other kernels in this process (libtorch
     *     with MKL, reached through JNA; see {@link MklThreads})
     */
    public static boolean productsApart() {
        return MklThreads.available();
    }

    /** @return the calling thread's setting */
    public static Setting currentSetting() {
        int ops = current();
        return new Setting(ops, productsApart() ? Math.max(ops, MklThreads.onThisThread()) : ops);
    }

    /**
     * Applies a setting on the calling thread.
     *
     * @param setting the counts; products above ops need {@link #productsApart()}
     */
    public static void set(Setting setting) {
        Engines.engine();
        // libtorch's first query or parallel operation on a thread re-applies the process's count, MKL's included:
        // run it now, so that it cannot undo the products' count later
        JniUtils.getNumThreads();
        JniUtils.setNumThreads(setting.ops()); // sets MKL's count for this thread to the same
        if (setting.products() != setting.ops()) {
            MklThreads.setOnThisThread(setting.products());
        }
    }

    /**
     * The settings a thread may take on {@code cores} cores, ordered from the fewest threads to the most: 1, 2, …,
     * {@code cores}, and where {@linkplain #productsApart() products can be set apart} also k ops with k + 1 product
     * threads between k and k + 1. A matrix product large enough to split pays for waking a second thread; libtorch's
     * element-wise kernels on a batch's activations (about 10⁵ numbers, a few microseconds of work) often do not, and
     * with sleeping OpenMP threads the two differ most.
     *
     * @param cores at least 1
     * @param apart whether products may use more threads than ops
     * @return the ladder, never empty
     */
    public static List<Setting> ladder(int cores, boolean apart) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        List<Setting> ladder = new ArrayList<>();
        for (int k = 1; k <= cores; k++) {
            ladder.add(new Setting(k, k));
            if (apart && k < cores) {
                ladder.add(new Setting(k, k + 1));
            }
        }
        return List.copyOf(ladder);
    }

    /**
     * CPU time counters of the whole machine and of this process at one moment, from Linux's {@code /proc}.
     *
     * @param nanos {@link System#nanoTime()} when read
     * @param machineBusyTicks time all CPUs spent on anything but idling and waiting for I/O, in clock ticks
     * @param ownTicks time this process's threads ran, user and system, in clock ticks
     * @param machineCpus CPUs counted in {@code /proc/stat}
     */
    public record CpuSample(long nanos, long machineBusyTicks, long ownTicks, int machineCpus) {
        /** Clock ticks per second of {@code /proc}'s counters (USER_HZ; 100 on every Linux in use). */
        public static final double TICKS_PER_SECOND = 100;

        /** @return the counters now, or null where {@code /proc} cannot be read (not Linux) */
        public static CpuSample now() {
            try {
                long nanos = System.nanoTime();
                List<String> stat = Files.readAllLines(Path.of("/proc/stat"));
                String self = Files.readString(Path.of("/proc/self/stat"));
                return new CpuSample(nanos, busyTicks(stat), ownTicks(self), cpuCount(stat));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** The busy ticks of the {@code cpu} line: user, nice, system, irq, softirq, steal (not idle, iowait). */
        static long busyTicks(List<String> stat) {
            String[] f = stat.get(0).trim().split("\\s+");
            if (!f[0].equals("cpu")) {
                throw new IllegalArgumentException("/proc/stat does not start with the cpu line");
            }
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return busy;
        }

        /** The lines {@code cpu0}, {@code cpu1}, … */
        static int cpuCount(List<String> stat) {
            return (int) stat.stream()
                    .filter(l -> l.startsWith("cpu") && l.length() > 3 && Character.isDigit(l.charAt(3)))
                    .count();
        }

        /** utime + stime of {@code /proc/self/stat} (fields 14 and 15; the name in field 2 may hold spaces). */
        static long ownTicks(String self) {
            String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14, 15 counted from field 3
        }
    }

    /**
     * The cores free for this process: all it may use, less what the rest of the machine kept busy between two
     * samples (the machine's CPU time less this process's own, per second of wall time), rounded, at least 1. Where the
     * samples are missing, too close together to count (under 0.1 s), or count other CPUs than this JVM may use (a
     * container seeing the host's {@code /proc/stat}), it is all of them: training then adjusts from there.
     *
     * @param before the earlier sample, or null
     * @param after the later sample, or null
     * @param cores the cores this process may use
     * @return between 1 and {@code cores}
     */
    public static int freeCores(CpuSample before, CpuSample after, int cores) {
        if (before == null || after == null || before.machineCpus() != cores || after.machineCpus() != cores) {
            return cores;
        }
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        if (seconds < 0.1) {
            return cores;
        }
        double othersTicks =
                (after.machineBusyTicks() - before.machineBusyTicks()) - (after.ownTicks() - before.ownTicks());
        double othersCores = Math.max(0, othersTicks / CpuSample.TICKS_PER_SECOND / seconds);
        return (int) Math.max(1, Math.min(cores, Math.round(cores - othersCores)));
    }
}
