package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The thread adaptation on a simulated machine: a fake clock advances by a step time that depends on the thread count
 * the search set (and on what else the simulated machine runs), so every expectation is exact and nothing depends on
 * the real machine's speed.
 */
class AdaptiveThreadsTest {

    /** A simulated training run: its clock, its thread count, and how long a step takes at each count. */
    private static final class Machine implements AdaptiveThreads.Control {
        long now;
        int threads;
        IntToDoubleFunction millisPerStep;
        java.util.function.LongToDoubleFunction drift = s -> 1; // the machine's speed over the steps
        final SplittableRandom noise;
        final double noiseFraction;
        long stepsAt[] = new long[9];
        double simulatedMillis;

        Machine(int threads, IntToDoubleFunction millisPerStep, double noiseFraction, long seed) {
            this.threads = threads;
            this.millisPerStep = millisPerStep;
            this.noiseFraction = noiseFraction;
            this.noise = new SplittableRandom(seed);
        }

        @Override
        public int get() {
            return threads;
        }

        @Override
        public void set(int n) {
            threads = n;
        }

        /** Runs {@code steps} steps, epochs of {@code perEpoch} with {@code validationMillis} between them. */
        void run(AdaptiveThreads search, int steps, int perEpoch, double validationMillis) {
            for (int s = 0; s < steps; s++) {
                if (s % perEpoch == 0) {
                    if (s > 0) {
                        now += (long) (validationMillis * 1e6); // validation: not a step
                    }
                    search.restartClock();
                }
                double millis = millisPerStep.applyAsDouble(threads) * drift.applyAsDouble(s);
                if (noiseFraction > 0) {
                    millis *= 1 + noiseFraction * (2 * noise.nextDouble() - 1);
                    if (noise.nextInt(50) == 0) {
                        millis *= 5; // now and then a step stalls (a collection, a page fault)
                    }
                }
                now += (long) (millis * 1e6);
                simulatedMillis += millis;
                stepsAt[threads]++;
                search.stepEnded();
            }
        }
    }

    /** @return the count the last decision chose (a run may end in the middle of a trial) */
    private static int chosen(AdaptiveThreads a) {
        return a.decisions().get(a.decisions().size() - 1).to();
    }

    private static AdaptiveThreads search(Machine m, int maxThreads) {
        AdaptiveThreads a = new AdaptiveThreads(maxThreads, () -> m.now, m, AdaptiveThreads.Settings.DEFAULT);
        a.start();
        return a;
    }

    /** @return a step time per rung of the ladder 1, 1+2, 2 (milliseconds, rung 1 first) */
    private static IntToDoubleFunction rungMillis(double... millis) {
        return rung -> millis[rung - 1];
    }

    /**
     * Runs {@code steps} steps on the ladder of three rungs and checks that the search ends on {@code rung} and spent
     * more than {@code minSteps} steps there.
     */
    private static void assertSettles(Machine m, int steps, int perEpoch, int rung, long minSteps) {
        AdaptiveThreads a = search(m, 3);

        m.run(a, steps, perEpoch, 300);

        assertThat(chosen(a)).isEqualTo(rung);
        assertThat(m.stepsAt[rung]).isGreaterThan(minSteps);
    }

    /** Two cores, nothing else running: two threads take 1.0 ms a step, one 1.6 ms. */
    private static double alone(int threads) {
        return threads == 1 ? 1.6 : 1.0;
    }

    /** The same beside a busy core: two threads wait for the taken core (8 ms), one runs almost as alone. */
    private static double besideABusyCore(int threads) {
        return threads == 1 ? 1.7 : 8.0;
    }

    @Test
    void aloneItKeepsBothCoresAndItsTrialsCostUnderFivePercent() {
        Machine m = new Machine(2, AdaptiveThreadsTest::alone, 0, 1);
        AdaptiveThreads a = search(m, 2);

        m.run(a, 20_000, 469, 300);

        assertThat(chosen(a)).isEqualTo(2);
        assertThat(a.decisions()).isNotEmpty().allSatisfy(d -> assertThat(d.to())
                .isEqualTo(2));
        // the time of the same steps with two threads fixed is 20,000 ms
        assertThat(m.simulatedMillis / 20_000.0).isLessThan(1.05);
        // the trials thin out: each that confirms the count doubles the period, up to 3200 steps
        assertThat(a.decisions()).hasSizeLessThan(15);
    }

    @Test
    void besideABusyCoreItMovesToOneThreadAtTheFirstTrial() {
        Machine m = new Machine(2, AdaptiveThreadsTest::besideABusyCore, 0, 2);
        AdaptiveThreads a = search(m, 2);

        m.run(a, 6_000, 469, 300);

        // after warm-up (50 steps) and one measurement at each count (15 steps, and the step of the switch): the
        // difference is clear, so the current count is not measured again
        assertThat(a.decisions().get(0).to()).isEqualTo(1);
        assertThat(a.decisions().get(0).step()).isEqualTo(50 + 15 + 1 + 15);
        assertThat(a.decisions()).allSatisfy(d -> assertThat(d.to()).isEqualTo(1));
        // the later trials of two threads end after 3 steps each (each over 1.5x the best); all in all the run (about
        // 13 epochs) takes under 10% longer than with one thread fixed
        assertThat(m.simulatedMillis / (6_000 * 1.7)).isLessThan(1.10);
    }

    @Test
    void itFollowsAProcessThatStartsAndEnds() {
        Machine m = new Machine(2, AdaptiveThreadsTest::alone, 0, 3);
        AdaptiveThreads a = search(m, 2);
        m.run(a, 3_000, 469, 300);
        assertThat(chosen(a)).isEqualTo(2);
        int decided = a.decisions().size();

        m.millisPerStep = AdaptiveThreadsTest::besideABusyCore; // another process takes a core
        m.run(a, 3_000, 469, 300);
        // the slow-down is seen within a window of steps (8 slow ones make the median), measured (15) and the switch
        // tried (1 + 15): it moves within 40 steps
        AdaptiveThreads.Decision next = a.decisions().get(decided);
        assertThat(next.to()).isEqualTo(1);
        assertThat(next.step() - 3_000).isLessThanOrEqualTo(40);
        assertThat(chosen(a)).isEqualTo(1);
        decided = a.decisions().size();

        m.millisPerStep = AdaptiveThreadsTest::alone; // it ends: one thread gets only a little faster, so no alarm,
        m.run(a, 3_000, 469, 300); // but the next periodic trial finds two threads faster again
        assertThat(chosen(a)).isEqualTo(2);
        AdaptiveThreads.Decision back = a.decisions().stream()
                .skip(decided)
                .filter(d -> d.to() == 2)
                .findFirst()
                .orElseThrow();
        assertThat(back.medianNanos()[2]).isEqualTo(1_000_000);
        assertThat(back.step() - 6_000).isLessThanOrEqualTo(3_200 + 40);
    }

    @Test
    void whenBothCountsAreEquallyFastItUsesFewerThreads() {
        Machine m = new Machine(2, t -> 1.0, 0, 4);
        AdaptiveThreads a = search(m, 2);

        m.run(a, 1_000, 469, 300);

        assertThat(chosen(a)).isEqualTo(1);
    }

    @Test
    void moreThreadsMustBeClearlyFasterToBeTaken() {
        // 3% faster with two threads: within the 5% margin, so one thread stays
        Machine m = new Machine(1, t -> t == 1 ? 1.0 : 0.97, 0, 5);
        AdaptiveThreads a = search(m, 2);

        m.run(a, 5_000, 469, 300);

        assertThat(a.decisions()).isNotEmpty().allSatisfy(d -> assertThat(d.to())
                .isEqualTo(1));
        assertThat(a.decisions()).allSatisfy(d -> assertThat(d.medianNanos()[2]).isEqualTo(970_000));
    }

    @Test
    void onEightCoresItClimbsToTheFastestCountTwoRungsAtATime() {
        // time falls with threads until 5, then rises (the other three cores are busy)
        double[] millis = {0, 8, 4.2, 3.0, 2.4, 2.0, 2.6, 6.0, 9.0};
        Machine m = new Machine(1, t -> millis[t], 0, 6);
        AdaptiveThreads a = search(m, 8);

        m.run(a, 3_000, 469, 300);

        assertThat(chosen(a)).isEqualTo(5);
        assertThat(a.decisions()).extracting(AdaptiveThreads.Decision::to).startsWith(3, 5);
    }

    @Test
    void noisyStepsAndStallsDoNotMislead() {
        Machine m = new Machine(2, AdaptiveThreadsTest::alone, 0.2, 7);
        AdaptiveThreads a = search(m, 2);
        m.run(a, 20_000, 469, 300);
        assertThat(a.decisions()).isNotEmpty().allSatisfy(d -> assertThat(d.to())
                .isEqualTo(2));
        assertThat(m.stepsAt[2]).isGreaterThan(19_000);

        Machine busy = new Machine(2, AdaptiveThreadsTest::besideABusyCore, 0.2, 8);
        AdaptiveThreads b = search(busy, 2);
        busy.run(b, 20_000, 469, 300);
        assertThat(b.decisions()).isNotEmpty().allSatisfy(d -> assertThat(d.to())
                .isEqualTo(1));
        assertThat(busy.stepsAt[1]).isGreaterThan(19_000);
    }

    @Test
    void aMachineWhoseSpeedDriftsDoesNotPullItOffTheFastestRung() {
        // the ladder 1, 1+2, 2 of a shared 2-core virtual machine: products on two threads 10% faster, all ops on two
        // 5% slower; the machine's speed swings by ±15% every 90 steps, more than the rungs differ
        Machine m = new Machine(2, rungMillis(1.0, 0.9, 1.05), 0.05, 11);
        m.drift = s -> 1 + 0.15 * Math.sin(2 * Math.PI * s / 90.0);

        assertSettles(m, 20_000, 469, 2, 18_000);
    }

    @Test
    void aRungThatChangesNothingDoesNotBlockTheClimbToOneThatDoes() {
        // a convolutional model on the ladder 1, 1+2, 2: products on a second thread change nothing for it, its
        // kernels on two threads make it 30% faster; started on one thread (another process held a core), it must
        // get to 2 once the trials look two rungs up
        Machine m = new Machine(1, rungMillis(10.0, 10.0, 7.0), 0.02, 12);

        assertSettles(m, 5_000, 600, 3, 4_500);
    }

    @Test
    void validationBetweenEpochsIsNotTakenForASlowStep() {
        // 20 steps an epoch, then 5 s of validation: were it counted, the window's median would not move, but the
        // first step of each epoch would be 5000x slower; it must not start a trial of its own
        Machine m = new Machine(2, AdaptiveThreadsTest::alone, 0, 9);
        AdaptiveThreads a = search(m, 2);

        m.run(a, 6_400, 20, 5_000);

        assertThat(a.decisions()).isNotEmpty().allSatisfy(d -> assertThat(d.to())
                .isEqualTo(2));
        assertThat(m.simulatedMillis / 6_400.0).isLessThan(1.05);
    }

    @Test
    void oneCoreLeavesNothingToChoose() {
        Machine m = new Machine(1, t -> 1.0, 0, 10);
        AdaptiveThreads a = search(m, 1);

        m.run(a, 1_000, 469, 300);

        assertThat(m.stepsAt[1]).isEqualTo(1_000);
        assertThat(a.decisions()).allSatisfy(d -> assertThat(d.to()).isEqualTo(1));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new AdaptiveThreads.Settings(-1, 7, 100, 3200, 0.02, 0.05, 1.3))
                .hasMessageContaining("warmupSteps");
        assertThatThrownBy(() -> new AdaptiveThreads.Settings(20, 0, 100, 3200, 0.02, 0.05, 1.3))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> new AdaptiveThreads.Settings(20, 7, 100, 50, 0.02, 0.05, 1.3))
                .hasMessageContaining("firstPeriod");
        assertThatThrownBy(() -> new AdaptiveThreads.Settings(20, 7, 100, 3200, 1.0, 0.05, 1.3))
                .hasMessageContaining("fewerTolerance");
        assertThatThrownBy(() -> new AdaptiveThreads.Settings(20, 7, 100, 3200, 0.02, 0.05, 1.0))
                .hasMessageContaining("changeFactor");
        assertThatThrownBy(() -> new AdaptiveThreads(0, () -> 0, null, AdaptiveThreads.Settings.DEFAULT))
                .hasMessageContaining("rungs");
    }
}
