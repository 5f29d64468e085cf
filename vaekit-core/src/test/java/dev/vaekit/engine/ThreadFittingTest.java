package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.models.Model;
import org.junit.jupiter.api.Test;

/**
 * The fitting of threads around stepped work: with the count fixed (the test configuration fixes 2 threads) no search,
 * and the extra core kept awake from the start to the close; work run by {@link ThreadFitting#fitted} drives it by its
 * steps, and the same steps outside do nothing.
 */
class ThreadFittingTest {

    private static void assumeTwoFixedThreadsOnLinux() {
        assumeTrue(Threads.fixedByUser() && Threads.cores() > 1 && WarmCores.available(), "2 fixed threads on Linux");
    }

    @Test
    void aFixedCountIsNotSearchedButItsExtraCoreIsKeptAwakeUntilClosed() throws Exception {
        assumeTwoFixedThreadsOnLinux();
        Threads.set(2);
        try (ThreadFitting fitting = ThreadFitting.forThisProcess()) {
            assertThat(fitting.searching()).isFalse();
            assertThat(fitting.decisions()).isEmpty();
            assertThat(Fixtures.awaitSpinners(1))
                    .as("one extra thread, one spinner")
                    .isEqualTo(1);
            Threads.set(1);
            fitting.stepEnded();
            assertThat(Fixtures.awaitSpinners(0))
                    .as("one thread: nothing to keep awake")
                    .isZero();
            Threads.set(2);
            fitting.stepEnded();
            assertThat(Fixtures.awaitSpinners(1)).isEqualTo(1);
            fitting.close();
            assertThat(Fixtures.awaitSpinners(0)).as("released when closed").isZero();
        } finally {
            WarmCores.release();
            Threads.set(2);
        }
    }

    @Test
    void stepsOfWorkDriveTheFittingOpenedAroundItAndNothingElse() throws Exception {
        assumeTwoFixedThreadsOnLinux();
        Threads.set(2);
        try {
            ThreadFitting.workStepEnded();
            assertThat(Fixtures.awaitSpinners(0))
                    .as("no fitting open: a step holds nothing")
                    .isZero();
            int spinningInside = ThreadFitting.fitted(() -> ThreadFitting.fitted(() -> {
                WarmCores.release(); // only a step renews the hold from here
                ThreadFitting.workStepEnded();
                return spinners(1);
            }));
            assertThat(spinningInside)
                    .as("a step of nested work holds the outer fitting's cores")
                    .isEqualTo(1);
            assertThat(Fixtures.awaitSpinners(0))
                    .as("let go when the work ends")
                    .isZero();
            ThreadFitting.workStepEnded();
            assertThat(Fixtures.awaitSpinners(0))
                    .as("after it, a step holds nothing")
                    .isZero();
        } finally {
            WarmCores.release();
            Threads.set(2);
        }
    }

    @Test
    void anEvaluationReportsItsChunksOfDrawsAsSteps() {
        try (NDManager manager = Engines.newManager();
                Model model = Model.create(Fixtures.tinyModel(), null, manager)) {
            LikelihoodEstimator estimator = model.requireLikelihood("eval");
            long steps = ThreadFitting.fitted(() -> {
                estimator.evaluate(Fixtures.tinyBinaryData(1, 20), 8, 1);
                return ThreadFitting.aroundWork().steps();
            });
            assertThat(steps).isPositive();
            assertThat(ThreadFitting.aroundWork()).as("closed after the work").isNull();
        }
    }

    /** {@link Fixtures#awaitSpinners} inside work that cannot throw. */
    private static int spinners(int n) {
        try {
            return Fixtures.awaitSpinners(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void itsStepsAdvanceTheSearch() {
        long[] now = {0};
        int[] rung = {2};
        AdaptiveThreads search = new AdaptiveThreads(
                2,
                () -> now[0],
                new AdaptiveThreads.Control() {
                    @Override
                    public int get() {
                        return rung[0];
                    }

                    @Override
                    public void set(int r) {
                        rung[0] = r;
                    }
                },
                AdaptiveThreads.Settings.DEFAULT);
        try (ThreadFitting fitting = new ThreadFitting(search, false)) {
            assertThat(fitting.searching()).isTrue();
            fitting.restartClock();
            for (int step = 0; step < 200 && fitting.decisions().isEmpty(); step++) {
                now[0] += rung[0] == 1 ? 1_000_000 : 3_000_000; // one thread is three times as fast
                fitting.stepEnded();
            }
            assertThat(fitting.decisions()).singleElement().satisfies(d -> assertThat(d.to())
                    .isEqualTo(1));
            assertThat(rung[0]).isEqualTo(1);
        }
    }
}
