package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Vae;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run folder keeps the weights of the epoch with the lowest validation loss beside the last epoch's, so that early
 * stopping (or any epoch that made things worse) does not leave the user with worse weights than training saw.
 */
class BestWeightsTest {
    @TempDir
    Path dir;

    private static final String PROBE = "decoder.out.weight";

    /**
     * Trains, wrecking the weights at the start of the third so that its validation loss is worse; records
     * a probe parameter after each epoch.
     */
    private Map<Integer, float[]> trainWithABadThirdEpoch(int epochs, int patience) {
        Map<Integer, float[]> probes = new HashMap<>();
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(5);
            RunConfig config =
                    Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(epochs, 16, 0.002, 0, patience, 5));
            try (Vae model = new Vae(config.model(), manager);
                    Trainer trainer = new Trainer(config, model)) {
                trainer.addListener(new TrainingListener() {
                            @Override
                            public void onEpochStart(Trainer t, int epochNumber) {
                                if (epochNumber == 3) {
                                    Fixtures.perturb(model.parameters(), 3f, 1);
                                }
                            }

                            @Override
                            public void onEpochEnd(Trainer t, EpochMetrics metrics, TrainerState state) {
                                probes.put(metrics.epoch(), Fixtures.parameter(model, PROBE));
                            }
                        })
                        .addListener(new CheckpointListener(dir));
                if (patience > 0) {
                    trainer.addListener(new EarlyStopping(patience));
                }
                trainer.fit(Fixtures.tinyBinaryData(1, 64), Fixtures.tinyBinaryData(2, 32));
            }
        }
        return probes;
    }

    private float[] probe(Checkpoint.Weights which) {
        try (NDManager manager = Engines.newManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(dir, manager, which);
            try (var model = loaded.model()) {
                return Fixtures.parameter(model, PROBE);
            }
        }
    }

    @Test
    void theBestEpochsWeightsSurviveAWorseLastEpoch() {
        Map<Integer, float[]> probes = trainWithABadThirdEpoch(3, 0);

        assertThat(probe(Checkpoint.Weights.BEST)).containsExactly(probes.get(2));
        assertThat(probe(Checkpoint.Weights.LAST)).containsExactly(probes.get(3));
        assertThat(probes.get(3)).isNotEqualTo(probes.get(2));
    }

    @Test
    void theLoadedCheckpointSaysWhichEpochItsWeightsAreFrom() {
        trainWithABadThirdEpoch(3, 0);
        try (NDManager manager = Engines.newManager()) {
            Checkpoint.Loaded best = Checkpoint.load(dir, manager, Checkpoint.Weights.BEST);
            Checkpoint.Loaded last = Checkpoint.load(dir, manager, Checkpoint.Weights.LAST);
            assertThat(best.bestWeights()).isTrue();
            assertThat(best.weightsEpoch()).isEqualTo(2);
            assertThat(last.bestWeights()).isFalse();
            assertThat(last.weightsEpoch()).isEqualTo(3);
            best.model().close();
            last.model().close();
        }
    }

    @Test
    void earlyStoppingLeavesTheBestWeightsInPlace() {
        Map<Integer, float[]> probes = trainWithABadThirdEpoch(6, 1);

        assertThat(probes).as("epochs trained of 6, patience 1").containsOnlyKeys(1, 2, 3);
        assertThat(probe(Checkpoint.Weights.BEST)).containsExactly(probes.get(2));
    }

    @Test
    void theBestWeightsAreHashedLikeEveryOtherFile() throws Exception {
        trainWithABadThirdEpoch(3, 0);
        Manifest manifest =
                Configs.parseJson(Files.readString(dir.resolve(Checkpoint.MANIFEST)), Manifest.class, "manifest.json");
        assertThat(manifest.files()).containsKey(Checkpoint.BEST_WEIGHTS);

        Path best = dir.resolve(Checkpoint.BEST_WEIGHTS);
        byte[] bytes = Files.readAllBytes(best);
        bytes[bytes.length - 3] ^= 1;
        Files.write(best, bytes);

        assertThatThrownBy(() -> Checkpoint.verify(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Checkpoint.BEST_WEIGHTS)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void withoutValidationDataTheBestWeightsAreTheLastOnes() {
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            RunConfig config = Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(2, 16, 0.01, 0, 0, 5));
            try (Vae model = new Vae(config.model(), manager);
                    Trainer trainer = new Trainer(config, model)) {
                trainer.addListener(new CheckpointListener(dir));
                trainer.fit(Fixtures.tinyBinaryData(1, 64), Fixtures.tinyBinaryData(2, 0));
            }
        }
        assertThat(dir.resolve(Checkpoint.BEST_WEIGHTS)).doesNotExist();
        assertThat(probe(Checkpoint.Weights.BEST)).containsExactly(probe(Checkpoint.Weights.LAST));
    }

    @Test
    void aSymbolicLinkInPlaceOfAFileIsRefused() throws Exception {
        trainWithABadThirdEpoch(3, 0);
        Path outside = Files.createTempFile("outside", ".safetensors");
        Files.copy(dir.resolve("weights.safetensors"), outside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(dir.resolve("weights.safetensors"));
        Files.createSymbolicLink(dir.resolve("weights.safetensors"), outside);

        assertThatThrownBy(() -> Checkpoint.verify(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("symbolic link");
        Files.delete(outside);
    }
}
