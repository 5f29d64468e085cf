package dev.vaekit.engine;

import com.sun.jna.Function;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps awake the cores that libtorch's extra threads run on, while training uses them.
 *
 * <p>libtorch's OpenMP threads sleep between parallel regions ({@code OMP_WAIT_POLICY=PASSIVE}, see {@link Threads}),
 * so that a busy machine never waits for a spinning thread. Waking one is cheap when its core is busy, but an idle core
 * of a virtual machine halts, and waking it took some 300 µs here: as long as a second thread saves on the dense VAE's
 * 128 × 784 × 400 product (0.8 ms on one thread, 0.53 ms on two with the core awake, 0.9 ms with it asleep).
 *
 * <p>A spinner is a daemon thread of Linux's lowest scheduling class, {@code SCHED_IDLE}: it spins while held, so its
 * core never halts, and any other thread that wakes there takes the core from it at once; beside busy processes it
 * gets almost no time (the class's weight is 3 against a normal thread's 1024). It changes no result. Holds are leases
 * of {@value #LEASE_MILLIS} ms renewed by training after every step: when training ends, fails or pauses (validation,
 * checkpoints), the spinners park within a lease. Available on Linux ({@link NativeCalls}); elsewhere {@link #hold}
 * does nothing.
 */
public final class WarmCores {
    /** How long a hold lasts unless renewed. */
    static final long LEASE_MILLIS = 200;

    private static final int SCHED_IDLE = 5; // <sched.h>

    private static final List<Spinner> SPINNERS = new CopyOnWriteArrayList<>(); // read on every hold, rarely grown

    private static volatile Optional<Function> idlePolicy;

    private static volatile int wanted;

    private static volatile long until;

    private WarmCores() {}

    /** @return whether spinners can be started here (Linux, and the C library's scheduler call reachable) */
    public static boolean available() {
        Optional<Function> p = idlePolicy;
        if (p == null) {
            p = System.getProperty("os.name").equals("Linux")
                    ? NativeCalls.function("c", "sched_setscheduler")
                    : Optional.empty();
            idlePolicy = p;
        }
        return p.isPresent();
    }

    /**
     * Keeps {@code cores} cores awake for a lease of {@value #LEASE_MILLIS} ms from now, starting spinners as needed;
     * fewer than before parks the rest. Cheap enough to call after every training step.
     *
     * @param cores at least 0
     */
    public static void hold(int cores) {
        if (cores < 0) {
            throw new IllegalArgumentException("cores must be >= 0, got " + cores);
        }
        if (cores > 0 && !available()) {
            return;
        }
        until = System.nanoTime() + LEASE_MILLIS * 1_000_000;
        wanted = cores;
        if (SPINNERS.size() < cores) {
            start(cores);
        }
        for (int i = 0; i < cores; i++) {
            Spinner s = SPINNERS.get(i);
            if (s.parked) {
                LockSupport.unpark(s.thread);
            }
        }
    }

    /** Parks every spinner now. */
    public static void release() {
        wanted = 0;
    }

    /** @return how many spinners are spinning now (for tests and reports) */
    public static int spinning() {
        return (int) SPINNERS.stream().filter(s -> !s.parked).count();
    }

    private static void start(int cores) {
        synchronized (SPINNERS) {
            while (SPINNERS.size() < cores) {
                Spinner s = new Spinner(SPINNERS.size());
                SPINNERS.add(s);
                s.thread.start();
            }
        }
    }

    /** One spinning thread; {@code parked} is read by {@link #hold} to know whom to wake. */
    private static final class Spinner implements Runnable {
        final int index;
        final Thread thread;
        volatile boolean parked = true;

        Spinner(int index) {
            this.index = index;
            this.thread = new Thread(this, "vaekit-warm-core-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            if (!lowestPriority()) {
                idlePolicy = Optional.empty(); // never spin at a normal priority: it would take a core from others
                return;
            }
            while (true) {
                if (!held()) {
                    parked = true;
                    if (!held()) { // hold() may have run in between: then it saw parked and unparked this thread
                        LockSupport.parkNanos(LEASE_MILLIS * 1_000_000);
                    }
                    continue;
                }
                parked = false;
                for (int i = 0; i < 1024; i++) {
                    Thread.onSpinWait();
                }
            }
        }

        private boolean held() {
            return index < wanted && System.nanoTime() - until < 0;
        }

        /**
         * Moves the calling thread to SCHED_IDLE: {@code sched_setscheduler(0, SCHED_IDLE, &param)}, pid 0 being the
         * calling thread and the parameter's priority 0. @return whether it worked
         */
        private static boolean lowestPriority() {
            try {
                return idlePolicy.orElseThrow().invokeInt(new Object[] {0, SCHED_IDLE, new int[] {0}}) == 0;
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                return false;
            }
        }
    }
}
