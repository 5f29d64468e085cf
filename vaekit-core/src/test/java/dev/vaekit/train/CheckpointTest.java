package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.PlainAutoencoder;
import dev.vaekit.models.Vae;
import dev.vaekit.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private NDManager manager;
    private RunConfig config;
    private Vae model;
    private Trainer trainer;
    private TrainerState state;
    private NDArray z;

    @BeforeEach
    void trainAndSave() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(11);
        config = Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(1, 16, 0.01, 0, 0, 3));
        model = new Vae(config.model(), manager);
        trainer = new Trainer(config, model);
        // one epoch so that the weights moved and the optimiser's moments are not zero
        state = trainer.fit(Fixtures.tinyBinaryData(1, 64), Fixtures.tinyBinaryData(2, 16));
        Checkpoint.save(dir, config, model, trainer.optimizer(), state);
        z = manager.randomNormal(new Shape(5, 2));
    }

    @AfterEach
    void close() {
        trainer.close();
        model.close();
        manager.close();
    }

    private Checkpoint.Loaded load(NDManager into) {
        return Checkpoint.load(dir, into);
    }

    private static void flipByte(Path file, int offsetFromEnd) throws Exception {
        byte[] b = Files.readAllBytes(file);
        b[b.length - offsetFromEnd] ^= 0x01;
        Files.write(file, b);
    }

    @Test
    void saveThenLoadGivesIdenticalDecoderOutputs() {
        try (NDManager other = Engines.newManager()) {
            Checkpoint.Loaded loaded = load(other);

            assertThat(loaded.autoencoder().decode(z).toFloatArray())
                    .containsExactly(model.decode(z).toFloatArray());
            assertThat(loaded.autoencoder()
                            .code(z.matMul(manager.ones(new Shape(2, 4))))
                            .toFloatArray())
                    .containsExactly(model.encode(z.matMul(manager.ones(new Shape(2, 4))))
                            .mean()
                            .toFloatArray());
            assertThat(loaded.config()).isEqualTo(config);
            assertThat(loaded.state()).isEqualTo(state);
            loaded.model().close();
        }
    }

    @Test
    void theCheckpointHoldsTheTrainedWeightsNotFreshOnes() {
        try (NDManager other = Engines.newManager()) {
            Engines.seed(11); // the same seed would build the same *initial* weights
            Checkpoint.Loaded loaded = load(other);
            try (Vae fresh = new Vae(config.model(), other)) {
                assertThat(Fixtures.maxAbsDiff(
                                Fixtures.parameter(loaded.model(), "decoder.out.weight"),
                                Fixtures.parameter(model, "decoder.out.weight")))
                        .isZero();
                assertThat(Fixtures.maxAbsDiff(
                                Fixtures.parameter(fresh, "decoder.out.weight"),
                                Fixtures.parameter(model, "decoder.out.weight")))
                        .isPositive();
            }
            loaded.model().close();
        }
    }

    @Test
    void theManifestListsEveryFileWithItsHash() throws Exception {
        Manifest m = Checkpoint.verify(dir);

        assertThat(m.format()).isEqualTo(Checkpoint.FORMAT);
        assertThat(m.formatVersion()).isEqualTo(Checkpoint.FORMAT_VERSION);
        assertThat(m.epochsDone()).isEqualTo(1);
        assertThat(m.seed()).isEqualTo(3);
        assertThat(m.dataset()).isEqualTo("mnist-mini");
        assertThat(m.djlVersion()).isEqualTo(Engines.djlVersion());
        assertThat(m.files().keySet()).containsExactlyInAnyOrderElementsOf(Checkpoint.FILES);
        for (Map.Entry<String, String> e : m.files().entrySet()) {
            assertThat(e.getValue()).isEqualTo(AtomicFiles.sha256(dir.resolve(e.getKey())));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "config.json",
                            "weights.safetensors",
                            "optimizer.safetensors",
                            "trainer-state.json",
                            "manifest.json");
        }
    }

    @Test
    void weightsUseTheParameterNamesAsSafetensorsKeys() throws Exception {
        try (NDManager other = Engines.newManager();
                var in = Files.newInputStream(dir.resolve("weights.safetensors"))) {
            NDList list = NDList.decode(other, in);

            assertThat(list.stream().map(NDArray::getName))
                    .containsExactlyInAnyOrderElementsOf(
                            model.parameters().asMap().keySet());
            assertThat(list.get("encoder.layers.0.weight").getShape()).isEqualTo(new Shape(8, 4));
        }
    }

    @Test
    void theOptimizerMomentsAndStepAreRestored() {
        try (NDManager other = Engines.newManager()) {
            Checkpoint.Loaded loaded = load(other);
            try (Adam adam = new Adam(loaded.model().parameters(), 0.9, 0.999);
                    NDList expected = trainer.optimizer().snapshot(other)) {
                Checkpoint.loadOptimizer(dir, adam, loaded.state());

                assertThat(adam.step()).isEqualTo(state.steps()).isEqualTo(4);
                try (NDList restored = adam.snapshot(other)) {
                    for (NDArray e : expected) {
                        assertThat(restored.get(e.getName()).toDoubleArray())
                                .as(e.getName())
                                .containsExactly(e.toDoubleArray());
                    }
                    assertThat(expected.get("decoder.out.bias.v").toDoubleArray())
                            .isNotEqualTo(new double[4]);
                }
            }
            loaded.model().close();
        }
    }

    @Test
    void aFlippedByteInTheWeightsIsRefused() throws Exception {
        flipByte(dir.resolve("weights.safetensors"), 3);

        assertThatThrownBy(() -> load(manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("weights.safetensors")
                .hasMessageContaining("SHA-256");
    }

    @Test
    void anEditedConfigIsRefused() throws Exception {
        Path c = dir.resolve("config.json");
        Files.writeString(c, Files.readString(c).replace("\"latentDim\" : 2", "\"latentDim\" : 3"));

        assertThatThrownBy(() -> Checkpoint.verify(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config.json")
                .hasMessageContaining("SHA-256");
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path w = dir.resolve("optimizer.safetensors");
        byte[] b = Files.readAllBytes(w);
        Files.write(w, java.util.Arrays.copyOf(b, b.length / 2));

        assertThatThrownBy(() -> load(manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("optimizer.safetensors")
                .hasMessageContaining("SHA-256");
    }

    @Test
    void aMissingFileIsRefused() throws Exception {
        Files.delete(dir.resolve("trainer-state.json"));

        assertThatThrownBy(() -> Checkpoint.verify(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("trainer-state.json")
                .hasMessageContaining("missing");
    }

    @Test
    void anUnknownFormatVersionIsRefused() throws Exception {
        Path m = dir.resolve("manifest.json");
        String text = Files.readString(m);
        assertThat(text).contains("\"formatVersion\" : 1");
        Files.writeString(m, text.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));

        assertThatThrownBy(() -> load(manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unsupported checkpoint format 'vaekit-checkpoint' version 2")
                .hasMessageContaining("version 1");
    }

    @Test
    void aModelOfAnotherShapeNamesTheWeightsFileWithItsFolder() {
        // the checkpoint's hidden layer has 8 units; a model with 9 cannot take its weights
        var wider = config.model().toBuilder().hidden(9).build();

        assertThatThrownBy(() -> Checkpoint.loadInto(dir, Checkpoint.Weights.LAST, wider, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve("weights.safetensors") + ": tensor '")
                .hasMessageContaining("expected float32");
    }

    @Test
    void aManifestWithoutARequiredFileListsWhatACheckpointHolds() throws Exception {
        Path m = dir.resolve("manifest.json");
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var tree = (tools.jackson.databind.node.ObjectNode) json.readTree(Files.readString(m));
        ((tools.jackson.databind.node.ObjectNode) tree.get("files")).remove("trainer-state.json");
        Files.writeString(m, json.writeValueAsString(tree));

        assertThatThrownBy(() -> Checkpoint.verify(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(m + ": lists [")
                .hasMessageEndingWith("], expected [config.json, weights.safetensors, trainer-state.json], with"
                        + " optimizer.safetensors to be resumable, and optionally best-weights.safetensors and"
                        + " averaged-weights.safetensors");
    }

    @Test
    void aFolderWithoutManifestIsNotARunFolder() throws Exception {
        Files.delete(dir.resolve("manifest.json"));

        assertThat(Checkpoint.exists(dir)).isFalse();
        assertThatThrownBy(() -> load(manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a vaekit run folder");
    }

    @Test
    void aMissingFolderIsNamed() {
        Path nowhere = dir.resolve("nowhere");

        assertThatThrownBy(() -> Checkpoint.load(nowhere, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(nowhere + ": no such run folder");
    }

    @Test
    void anInterruptedCommitIsRolledForwardOnLoad() throws Exception {
        Path weights = dir.resolve("weights.safetensors");
        byte[] oldWeights = Files.readAllBytes(weights);
        // a second checkpoint with other weights
        Fixtures.setParameter(model, "decoder.out.bias", 1f, 2f, 3f, 4f);
        TrainerState later = new TrainerState(2, state.steps() + 4, state.bestValidationLoss(), 1);
        Checkpoint.save(dir, config, model, trainer.optimizer(), later);
        byte[] newWeights = Files.readAllBytes(weights);
        assertThat(newWeights).isNotEqualTo(oldWeights);
        // the state a kill leaves right after the manifest (the commit point) was replaced: the new weights are
        // still staged under .tmp and the old ones are in place
        Files.move(weights, dir.resolve("weights.safetensors.tmp"));
        Files.write(weights, oldWeights);

        try (NDManager other = Engines.newManager()) {
            Checkpoint.Loaded loaded = load(other);

            assertThat(loaded.state()).isEqualTo(later);
            assertThat(Files.readAllBytes(weights)).isEqualTo(newWeights);
            assertThat(dir.resolve("weights.safetensors.tmp")).doesNotExist();
            assertThat(Fixtures.parameter(loaded.model(), "decoder.out.bias")).containsExactly(1f, 2f, 3f, 4f);
            loaded.model().close();
        }
    }

    @Test
    void aReadOnlyLoadLeavesACommitInProgressToItsWriter() throws Exception {
        Path weights = dir.resolve("weights.safetensors");
        byte[] oldWeights = Files.readAllBytes(weights);
        Fixtures.setParameter(model, "decoder.out.bias", 1f, 2f, 3f, 4f);
        Checkpoint.save(dir, config, model, trainer.optimizer(), new TrainerState(2, state.steps() + 4, 0, 1));
        byte[] newWeights = Files.readAllBytes(weights);
        Files.move(weights, dir.resolve("weights.safetensors.tmp"));
        Files.write(weights, oldWeights);

        try (NDManager other = Engines.newManager()) {
            assertThatThrownBy(() -> Checkpoint.load(dir, other, Checkpoint.Weights.LAST, false))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("a commit is in progress");
        }
        // nothing was moved: the writer can still finish its own renames
        assertThat(Files.readAllBytes(weights)).isEqualTo(oldWeights);
        assertThat(Files.readAllBytes(dir.resolve("weights.safetensors.tmp"))).isEqualTo(newWeights);
    }

    @Test
    void aStaleTemporaryWithOtherContentIsIgnored() throws Exception {
        Files.write(dir.resolve("weights.safetensors.tmp"), new byte[] {1, 2, 3});

        try (NDManager other = Engines.newManager()) {
            Checkpoint.Loaded loaded = load(other);

            assertThat(loaded.autoencoder().decode(z).toFloatArray())
                    .containsExactly(model.decode(z).toFloatArray());
            loaded.model().close();
        }
    }

    @Test
    void savingAgainReplacesTheCheckpointAndLeavesNoTemporaries() throws Exception {
        TrainerState later = new TrainerState(2, 8, 1.0, 0);

        Checkpoint.save(dir, config, model, trainer.optimizer(), later);

        assertThat(Checkpoint.verify(dir).epochsDone()).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void loadingLeavesOnlyTheModelsParametersInTheCallersManager() {
        try (NDManager root = Engines.newManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(dir, root);
            int parameters = loaded.model().parameters().asMap().size();

            // the decoded copy of weights.safetensors must be freed once copied into the parameters
            int live = ((BaseNDManager) root).getManagedArrays().size();
            assertThat(live)
                    .as("arrays left in the caller's manager by Checkpoint.load")
                    .isEqualTo(parameters);
            loaded.model().close();
        }
    }

    @Test
    void aPlainAutoencoderComesBackAsOneWithItsWeights() {
        Path aeDir = dir.resolve("ae");
        RunConfig aeConfig = Fixtures.runConfig(Fixtures.tinyAutoencoder(), Fixtures.training(1, 16, 0.01, 0, 0, 3));
        Engines.seed(12);
        try (PlainAutoencoder ae = new PlainAutoencoder(aeConfig.model(), manager);
                Trainer aeTrainer = new Trainer(aeConfig, ae);
                NDManager other = Engines.newManager()) {
            TrainerState aeState = aeTrainer.fit(Fixtures.tinyBinaryData(1, 64), Fixtures.tinyBinaryData(2, 16));
            Checkpoint.save(aeDir, aeConfig, ae, aeTrainer.optimizer(), aeState);
            NDArray x = Fixtures.array(manager, Fixtures.uniform(4, 12, 0, 1), 3, 4);

            Checkpoint.Loaded loaded = Checkpoint.load(aeDir, other);

            assertThat(loaded.model()).isInstanceOf(PlainAutoencoder.class);
            assertThat(loaded.config()).isEqualTo(aeConfig);
            assertThat(loaded.config().model().type()).isEqualTo("dense-ae");
            assertThat(loaded.state()).isEqualTo(aeState);
            assertThat(loaded.model()
                            .parameters()
                            .asMap()
                            .get("encoder.out.bias")
                            .getShape())
                    .isEqualTo(new Shape(2));
            assertThat(loaded.autoencoder().code(x).toFloatArray())
                    .containsExactly(ae.code(x).toFloatArray());
            assertThat(loaded.autoencoder().decode(z).toFloatArray())
                    .containsExactly(ae.decode(z).toFloatArray());
            loaded.model().close();
        }
    }
}
