package dev.vaekit.engine;

import java.util.List;
import java.util.function.Supplier;

/**
 * Fits libtorch's threads to the machine while stepped work runs on the calling thread: training's batches, an
 * evaluation's chunks of importance draws. After every step it advances the {@link AdaptiveThreads} search (unless the
 * user fixed the thread count) and renews the hold on the cores of the extra threads the current setting uses ({@link
 * WarmCores}); closing it lets those cores go. On one core it does nothing.
 *
 * <p>Training drives an instance from its listener. Work that does not know who runs it (an estimator's loop over
 * chunks) reports each step to {@link #workStepEnded}, which drives the fitting that {@link #fitted} opened around it
 * on the same thread, and does nothing where none is open: the CLI's and the Java API's evaluations open one, an
 * evaluation inside training's validation or a Spark task does not.
 */
public final class ThreadFitting implements AutoCloseable {
    private static final ThreadLocal<ThreadFitting> AROUND_WORK = new ThreadLocal<>();

    private final AdaptiveThreads search;
    private final boolean keepAwake;
    private long steps;

    /**
     * @param search the search to advance after every step, or null for none
     * @param keepAwake whether to hold the cores of the extra threads awake
     */
    ThreadFitting(AdaptiveThreads search, boolean keepAwake) {
        this.search = search;
        this.keepAwake = keepAwake;
        if (search != null) {
            search.start();
        }
        holdCores();
    }

    /**
     * @return for this process: the search over {@link Threads#ladder} unless the user fixed the count ({@code
     *     --threads}), and awake cores where {@link WarmCores} can work; neither on one core
     */
    public static ThreadFitting forThisProcess() {
        boolean several = Threads.cores() > 1;
        return new ThreadFitting(
                several && !Threads.fixedByUser() ? AdaptiveThreads.forThisProcess() : null,
                several && WarmCores.available());
    }

    /**
     * Runs {@code work} on this thread with a fitting for this process that the steps it reports to {@link
     * #workStepEnded} drive, and closes it after; inside another such run, under that one.
     *
     * @param work the work
     * @param <T> its result
     * @return its result
     */
    public static <T> T fitted(Supplier<T> work) {
        if (AROUND_WORK.get() != null) {
            return work.get();
        }
        try (ThreadFitting fitting = forThisProcess()) {
            AROUND_WORK.set(fitting);
            fitting.restartClock();
            return work.get();
        } finally {
            AROUND_WORK.remove();
        }
    }

    /** Ends a step of work run by {@link #fitted} on this thread; nothing when none is open. */
    public static void workStepEnded() {
        ThreadFitting fitting = AROUND_WORK.get();
        if (fitting != null) {
            fitting.stepEnded();
        }
    }

    /** @return the fitting that {@link #fitted} opened on this thread, or null (for tests) */
    static ThreadFitting aroundWork() {
        return AROUND_WORK.get();
    }

    /** @return the steps ended so far (for tests) */
    long steps() {
        return steps;
    }

    /** @return whether the thread count is searched (false when fixed by the user or on one core) */
    public boolean searching() {
        return search != null;
    }

    /** @return the search's decisions so far, oldest first; none when not {@link #searching} */
    public List<AdaptiveThreads.Decision> decisions() {
        return search == null ? List.of() : search.decisions();
    }

    /** Times the next step from now, leaving out a pause (validation, a checkpoint). */
    public void restartClock() {
        if (search != null) {
            search.restartClock();
        }
    }

    /** Ends a step: advances the search, then renews the hold on the cores the setting now in use needs. */
    public void stepEnded() {
        steps++;
        if (search != null) {
            search.stepEnded();
        }
        holdCores();
    }

    private void holdCores() {
        if (keepAwake) {
            WarmCores.hold(Threads.currentSetting().products() - 1);
        }
    }

    /** Lets the held cores go (a step that failed leaves them to lapse within their lease). */
    @Override
    public void close() {
        if (keepAwake) {
            WarmCores.release();
        }
    }
}
