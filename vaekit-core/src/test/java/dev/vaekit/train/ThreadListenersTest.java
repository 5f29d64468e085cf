package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vaekit.Fixtures;
import dev.vaekit.engine.Threads;
import dev.vaekit.engine.WarmCores;
import org.junit.jupiter.api.Test;

/**
 * The thread listeners every training gets: with the count fixed (the test configuration fixes 2 threads) no search,
 * and the extra core kept awake from the first step to the end of training.
 */
class ThreadListenersTest {

    @Test
    void aFixedCountIsNotSearchedButItsExtraCoreIsKeptAwakeWhileTrainingRuns() throws Exception {
        assumeTrue(Threads.fixedByUser() && Threads.cores() > 1 && WarmCores.available(), "2 fixed threads on Linux");
        assertThat(ThreadListeners.forThisProcess())
                .noneMatch(l -> l instanceof AdaptiveThreads)
                .hasAtLeastOneElementOfType(KeepCoresAwake.class);

        KeepCoresAwake awake = new KeepCoresAwake();
        Threads.set(2);
        try {
            awake.onTrainingStart(null);
            assertThat(Fixtures.awaitSpinners(1))
                    .as("one extra thread, one spinner")
                    .isEqualTo(1);
            Threads.set(1);
            awake.onBatchEnd(null, new StepResult(1, 1, 100.0, StepResult.Outcome.APPLIED));
            assertThat(Fixtures.awaitSpinners(0))
                    .as("one thread: nothing to keep awake")
                    .isZero();
            Threads.set(2);
            awake.onBatchEnd(null, new StepResult(2, 2, 100.0, StepResult.Outcome.APPLIED));
            assertThat(Fixtures.awaitSpinners(1)).isEqualTo(1);
            awake.onTrainingEnd(null, null);
            assertThat(Fixtures.awaitSpinners(0)).as("released at the end").isZero();
        } finally {
            WarmCores.release();
            Threads.set(2);
        }
    }
}
