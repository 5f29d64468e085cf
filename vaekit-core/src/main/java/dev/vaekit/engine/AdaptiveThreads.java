package dev.vaekit.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Keeps libtorch's use of threads fitted to the machine as it is while stepped work runs on one thread: training's
 * batches, an evaluation's chunks of draws ({@link ThreadFitting} drives it). The settings form a ladder from the fewest
 * threads to the most ({@link Threads#ladder}: 1, 1 with matrix products on 2, 2, …), and the search moves along it by
 * rungs. It times the steps (the wall time between two steps' ends; {@link #restartClock} leaves a pause out, such as
 * training's validation) and now and then tries the rungs up to {@value #REACH} below and above, nearest first, keeping
 * what is fastest:
 *
 * <ol>
 *   <li>after {@link Settings#warmupSteps} steps (JIT compilation, first allocations), it measures the median step
 *       time at the current rung over {@link Settings#window} steps, then at each of those rungs (the step right
 *       after a switch is not counted); a trial within {@value #CLEAR_DIFFERENCE} of the current rung's time is a
 *       close call, and the current rung is measured again after it so that the trial is weighed against the mean of
 *       the windows on either side (the speed of a shared machine drifts by several percent within a second);
 *   <li>it moves to fewer threads when that is at most {@link Settings#fewerTolerance} slower (fewer threads leave
 *       cores to others and lose less when another process takes one), to more only when that is at least
 *       {@link Settings#moreMargin} faster; a trial ends after {@value #EARLY_STEPS} steps when each was more than
 *       {@value #EARLY_FACTOR} times the current rung's time;
 *   <li>then it watches: when the median of the last window of steps moves by the factor {@link Settings#changeFactor}
 *       from the measured one (another process started or ended), it measures and tries again at once; otherwise it
 *       tries again after {@link Settings#firstPeriod} steps, a period that doubles up to {@link Settings#maxPeriod}
 *       each time the rung stays, so that on a quiet machine the trials cost little.
 * </ol>
 *
 * <p>Runs on the working thread, which is where a thread count applies ({@link Threads}). Only for work whose thread
 * count the user did not fix ({@code --threads}). libtorch's reductions may round differently with another thread
 * count, so such a run is not bitwise reproducible; {@code --threads N} makes it so.
 */
public final class AdaptiveThreads {

    /** What the search reads and sets, by rung (1 is the fewest threads); {@link #forThisProcess()} uses libtorch's. */
    public interface Control {
        /** @return the current rung */
        int get();

        /** Applies a rung on the calling (working) thread. */
        void set(int rung);

        /** @return how the trace names a rung */
        default String describe(int rung) {
            return Integer.toString(rung);
        }
    }

    /**
     * Tuning of the search.
     *
     * @param warmupSteps steps ignored at the start of a run, at least 0
     * @param window steps whose median is one measurement, at least 1
     * @param firstPeriod steps between trials after a change, at least 1
     * @param maxPeriod the longest period between trials, at least {@code firstPeriod}
     * @param fewerTolerance how much slower fewer threads may be and still be chosen (0.02: 2%), in [0, 1)
     * @param moreMargin how much faster more threads must be to be chosen (0.05: 5%), in [0, 1)
     * @param changeFactor the factor by which the step time must move to trigger a new trial at once, above 1
     */
    public record Settings(
            int warmupSteps,
            int window,
            int firstPeriod,
            int maxPeriod,
            double fewerTolerance,
            double moreMargin,
            double changeFactor) {
        /**
         * The defaults: 50 warm-up steps (the JIT compiles on the other cores meanwhile), windows of 15 (the median of
         * 7 moved by 30% within seconds on a shared virtual machine), trials after 200 to 3200 steps, 2% / 5% margins,
         * ×1.3.
         */
        public static final Settings DEFAULT = new Settings(50, 15, 200, 3200, 0.02, 0.05, 1.3);

        /** Checks the ranges. */
        public Settings {
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
            }
            if (window < 1) {
                throw new IllegalArgumentException("window must be >= 1, got " + window);
            }
            if (firstPeriod < 1 || maxPeriod < firstPeriod) {
                throw new IllegalArgumentException(
                        "need 1 <= firstPeriod <= maxPeriod, got " + firstPeriod + " and " + maxPeriod);
            }
            if (!(fewerTolerance >= 0 && fewerTolerance < 1) || !(moreMargin >= 0 && moreMargin < 1)) {
                throw new IllegalArgumentException("fewerTolerance and moreMargin must be in [0, 1), got "
                        + fewerTolerance + " and " + moreMargin);
            }
            if (!(changeFactor > 1)) {
                throw new IllegalArgumentException("changeFactor must be > 1, got " + changeFactor);
            }
        }
    }

    /**
     * One decision, for tests and reports.
     *
     * @param step the step (counted over the run, from 1) at which it was taken
     * @param from the rung before
     * @param to the rung chosen
     * @param medianNanos the median step time measured at each rung tried, {@code [rung] = nanos} (0: not tried)
     */
    public record Decision(long step, int from, int to, long[] medianNanos) {
        @Override
        public String toString() {
            return "step " + step + ": " + from + " -> " + to + " " + Arrays.toString(medianNanos);
        }
    }

    private enum Phase {
        WARMUP,
        BASELINE,
        TRIAL,
        STEADY
    }

    private final int rungs;
    private final LongSupplier clock;
    private final Control control;
    private final Settings settings;
    private final List<Decision> decisions = new ArrayList<>();
    private final boolean trace;

    private Phase phase = Phase.WARMUP;
    private long last = -1;
    private long steps;
    private final long[] samples;
    private int count;
    private boolean settling;
    private int current;
    private long baseline;
    private long before;
    private int tried;
    private long[] medians;
    private final List<Integer> candidates = new ArrayList<>();
    private int best;
    private double bestRatio;
    private int period;
    private long stepsSinceDecision;

    /**
     * @param rungs the rungs of the ladder, at least 1
     * @param clock nanoseconds, monotonic ({@code System::nanoTime})
     * @param control the rung in use
     * @param settings tuning
     */
    public AdaptiveThreads(int rungs, LongSupplier clock, Control control, Settings settings) {
        if (rungs < 1) {
            throw new IllegalArgumentException("rungs must be >= 1, got " + rungs);
        }
        this.rungs = rungs;
        this.clock = clock;
        this.control = control;
        this.settings = settings;
        this.samples = new long[settings.window()];
        this.period = settings.firstPeriod();
        this.trace = Boolean.getBoolean(TRACE_PROPERTY);
    }

    /** A system property: when {@code true}, each decision is printed to standard error (for benchmarks). */
    public static final String TRACE_PROPERTY = "vaekit.threads.trace";

    /** @return a search over libtorch's threads, on the ladder of this process's cores, with the default settings */
    public static AdaptiveThreads forThisProcess() {
        List<Threads.Setting> ladder = Threads.ladder(Threads.cores(), Threads.productsApart());
        return new AdaptiveThreads(
                ladder.size(),
                System::nanoTime,
                new Control() {
                    @Override
                    public int get() {
                        return rungOf(ladder, Threads.currentSetting());
                    }

                    @Override
                    public void set(int rung) {
                        Threads.set(ladder.get(rung - 1));
                    }

                    @Override
                    public String describe(int rung) {
                        return ladder.get(rung - 1).toString();
                    }
                },
                Settings.DEFAULT);
    }

    /** @return the setting's rung, or where it is not on the ladder the highest rung with no more op threads */
    static int rungOf(List<Threads.Setting> ladder, Threads.Setting setting) {
        int rung = 1;
        for (int i = 0; i < ladder.size(); i++) {
            if (ladder.get(i).equals(setting)) {
                return i + 1;
            }
            if (ladder.get(i).ops() <= setting.ops()) {
                rung = i + 1;
            }
        }
        return rung;
    }

    /** @return the decisions taken so far, oldest first */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** Starts the search from the rung in use; the first step is timed from the next {@link #restartClock}. */
    public void start() {
        current = Math.min(rungs, Math.max(1, control.get()));
        last = -1;
    }

    /** Times the next step from now, leaving out whatever ran since the last step (validation, a checkpoint). */
    public void restartClock() {
        last = clock.getAsLong();
    }

    /** Ends a step: times it since the previous step's end (or {@link #restartClock}) and advances the search. */
    public void stepEnded() {
        long now = clock.getAsLong();
        long interval = last < 0 ? -1 : now - last;
        last = now;
        steps++;
        if (interval >= 0) {
            step(interval);
        }
    }

    /** Advances the search by one timed step. */
    void step(long nanos) {
        switch (phase) {
            case WARMUP -> {
                if (steps > settings.warmupSteps()) {
                    startBaseline();
                    record(nanos);
                }
            }
            case BASELINE -> {
                if (settling) {
                    settling = false; // the step during which the rung changed back
                    return;
                }
                if (record(nanos)) {
                    long measured = median();
                    if (tried == 0) {
                        startSearch();
                    } else { // the current rung again after a close trial: the trial against the windows around it
                        judge(tried, medians[tried], (before + measured) / 2);
                        tried = 0;
                    }
                    medians[current] = measured;
                    before = measured;
                    nextCandidate();
                }
            }
            case TRIAL -> {
                if (settling) {
                    settling = false; // the step during which the rung changed
                    return;
                }
                if (record(nanos) || clearlySlower()) {
                    int candidate = candidates.remove(0);
                    long t = median();
                    medians[candidate] = t;
                    if (Math.abs((double) t / before - 1) > CLEAR_DIFFERENCE) {
                        judge(candidate, t, before); // far beyond drift: no need to measure the current rung again
                        nextCandidate();
                    } else {
                        tried = candidate;
                        phase = Phase.BASELINE;
                        count = 0;
                        settling = true;
                        control.set(current);
                    }
                }
            }
            case STEADY -> {
                stepsSinceDecision++;
                samples[count % samples.length] = nanos;
                count++;
                if (count >= samples.length) {
                    long recent = median();
                    if (recent > baseline * settings.changeFactor() || recent * settings.changeFactor() < baseline) {
                        period = settings.firstPeriod();
                        startBaseline();
                        return;
                    }
                }
                if (stepsSinceDecision >= period) {
                    startBaseline();
                }
            }
        }
    }

    private void startBaseline() {
        phase = Phase.BASELINE;
        count = 0;
        tried = 0;
    }

    /**
     * A search from the current rung, the best so far: the candidates are the rungs one below and one above, then two
     * below and two above. Two, because one rung may change nothing for a model: a convolutional network gains nothing
     * from products on a second thread (1+2) but much from its kernels on two (2), and would never climb past 1+2.
     */
    private void startSearch() {
        medians = new long[rungs + 1];
        best = current;
        bestRatio = 1;
        candidates.clear();
        for (int distance = 1; distance <= REACH; distance++) {
            if (current - distance >= 1) {
                candidates.add(current - distance);
            }
            if (current + distance <= rungs) {
                candidates.add(current + distance);
            }
        }
    }

    /** How many rungs below and above the current one a search tries. */
    static final int REACH = 2;

    /**
     * Weighs a candidate's median step time against the current rung's {@code reference}: fewer threads win when at
     * most {@link Settings#fewerTolerance} slower than the best so far, more when at least {@link Settings#moreMargin}
     * faster.
     */
    private void judge(int candidate, long nanos, long reference) {
        double ratio = (double) nanos / reference;
        boolean better = candidate < best
                ? ratio <= bestRatio * (1 + settings.fewerTolerance())
                : ratio < bestRatio * (1 - settings.moreMargin());
        if (better) {
            best = candidate;
            bestRatio = ratio;
        }
    }

    /** Tries the next candidate, or ends the trial with the best rung. */
    private void nextCandidate() {
        if (!candidates.isEmpty()) {
            phase = Phase.TRIAL;
            count = 0;
            settling = true;
            control.set(candidates.get(0));
            return;
        }
        control.set(best);
        Decision decision = new Decision(steps, current, best, medians);
        decisions.add(decision);
        if (trace) {
            System.err.println("vaekit threads: step " + steps + ": " + control.describe(current) + " -> "
                    + control.describe(best) + " " + Arrays.toString(medians));
        }
        period = best == current ? Math.min(settings.maxPeriod(), period * 2) : settings.firstPeriod();
        current = best;
        baseline = medians[best];
        phase = Phase.STEADY;
        count = 0;
        stepsSinceDecision = 0;
    }

    /**
     * Steps of a trial after which it may end early, and the factor by which each of them must exceed the best time:
     * a count that waits for a core another process holds can take several times as long per step, and the full
     * window would cost that many times over.
     */
    static final int EARLY_STEPS = 3;

    static final double EARLY_FACTOR = 1.5;

    /**
     * The relative difference between a trial and the current rung's window before it beyond which the trial is judged
     * at once. Closer calls measure the current rung again and compare with the mean of the windows before and after,
     * so that a machine whose speed drifts by several percent within a second (a shared virtual machine) does not pull
     * training off its rung.
     */
    static final double CLEAR_DIFFERENCE = 0.25;

    /** @return whether the trial's steps so far, at least {@link #EARLY_STEPS}, were each far slower than the best */
    private boolean clearlySlower() {
        if (count < EARLY_STEPS) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (samples[i] <= before * EARLY_FACTOR) {
                return false;
            }
        }
        return true;
    }

    /** Adds a sample to the window; @return whether the window is full */
    private boolean record(long nanos) {
        samples[count++] = nanos;
        return count == samples.length;
    }

    private long median() {
        long[] sorted = Arrays.copyOf(samples, Math.min(count, samples.length));
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
