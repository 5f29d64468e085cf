package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code vaekit sample-quality} end to end on a tiny mnist-mini run, and its refusals. */
class SampleQualityCommandTest {
    @TempDir
    static Path shared;

    private static Path vae;
    private static Path cache;

    @BeforeAll
    static void train() {
        vae = TinyRuns.train(shared.resolve("vae"), 4);
        cache = shared.resolve("cache");
    }

    private static String[] args(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(
                "sample-quality",
                vae.toString(),
                "--classifier-epochs",
                "1",
                "--cache-dir",
                cache.toString(),
                "--threads",
                "1"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static JsonNode json(Cli.Result r) {
        List<String> lines = r.out().lines().toList();
        return JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
    }

    @Test
    void printsTheSettingsATableWithTheReferenceAndAJsonLineAndKeepsTheClassifier() {
        Cli.Result first = Cli.ok(args("--n", "200", "--seed", "4"));
        List<String> lines = first.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo(vae + ": 200 samples of the dense-vae (weights of epoch 1 of 1, the best on validation), "
                        + "temperature 1.0, seed 4, against the first 200 test images of mnist-mini");
        assertThat(first.out())
                .contains("features: the 128-value penultimate layer of classifier ")
                .contains("conv 16-32 (4x4, stride 2, ReLU) -> dense 128 (ReLU, the features) -> 10 logits")
                .contains("trained by vaekit on 4000 training images of mnist-mini (1 epoch, seed 0)")
                .contains("trained now, kept as " + cache)
                .contains("k-NN precision and recall with k = 3")
                .contains("note: these are not Inception FIDs")
                .contains("reference: 200 training images the classifier never saw");
        assertThat(first.out()).containsPattern("(?m)^model samples +200 ");
        assertThat(first.out()).containsPattern("(?m)^real training images +200 ");
        assertThat(first.err()).contains("training the feature classifier").contains("classifier epoch 1/1");

        JsonNode json = json(first);
        assertThat(json.get("n").asInt()).isEqualTo(200);
        assertThat(json.get("k").asInt()).isEqualTo(3);
        assertThat(json.get("dataset").asString()).isEqualTo("mnist-mini");
        assertThat(json.get("classifier").get("featureDim").asInt()).isEqualTo(128);
        assertThat(json.get("classifier").get("trainedNow").asBoolean()).isTrue();
        double accuracy = json.get("classifier").get("testAccuracy").asDouble();
        assertThat(accuracy).isGreaterThan(0.5);
        JsonNode samples = json.get("scores").get("samples");
        JsonNode reference = json.get("scores").get("reference");
        assertThat(samples.get("frechetDistance").asDouble()).isPositive();
        assertThat(samples.get("frechetDistance").asDouble())
                .isCloseTo(
                        samples.get("meanTerm").asDouble()
                                + samples.get("covarianceTerm").asDouble(),
                        org.assertj.core.api.Assertions.within(1e-9));
        assertThat(samples.get("precision").asDouble()).isBetween(0.0, 1.0);
        assertThat(samples.get("recall").asDouble()).isBetween(0.0, 1.0);
        // a VAE trained for one epoch draws blurry digits: further from the test images than real ones are
        assertThat(samples.get("frechetDistance").asDouble())
                .isGreaterThan(reference.get("frechetDistance").asDouble());

        // the second run reads the classifier back and, with the same seed, repeats every number
        Cli.Result second = Cli.ok(args("--n", "200", "--seed", "4"));
        assertThat(second.err()).doesNotContain("training the feature classifier");
        assertThat(second.out()).contains("read from " + cache);
        JsonNode again = json(second);
        assertThat(again.get("classifier").get("trainedNow").asBoolean()).isFalse();
        assertThat(again.get("classifier").get("testAccuracy").asDouble()).isEqualTo(accuracy);
        assertThat(again.get("scores").get("samples").get("frechetDistance").asDouble())
                .isEqualTo(samples.get("frechetDistance").asDouble());
        assertThat(again.get("scores").get("reference").get("recall").asDouble())
                .isEqualTo(reference.get("recall").asDouble());
    }

    @Test
    void aFolderOfColourImagesInClassFoldersIsScoredToo() {
        // 300 coloured digits of 32 x 32 in class sub-folders 0..9: 30 test images, 30 training images held out
        Path folder = ColourRuns.digits(shared.resolve("digits"), 300, 32, 5);
        Path run = shared.resolve("colour");
        ColourRuns.train(
                folder,
                run,
                "--likelihood",
                "gaussian",
                "--model",
                "conv-vae",
                "--hidden",
                "8,16",
                "--latent-dim",
                "4",
                "--epochs",
                "1");
        Cli.Result r = Cli.ok(
                "sample-quality",
                run.toString(),
                "--n",
                "20",
                "--classifier-epochs",
                "1",
                "--cache-dir",
                cache.toString(),
                "--threads",
                "1");
        assertThat(r.out())
                .contains("20 samples of the conv-vae")
                .contains("(conv 16-32-64 (4x4, stride 2, ReLU) -> dense 128 (ReLU, the features) -> 10 logits)")
                .contains("trained by vaekit on 240 training images of folder:" + folder)
                .contains("test accuracy")
                .contains("on 30 test images")
                .contains("reference: 20 training images the classifier never saw");
        JsonNode json = json(r);
        assertThat(json.get("scores").get("samples").get("n").asInt()).isEqualTo(20);
        assertThat(json.get("classifier").get("classes").asInt()).isEqualTo(10);
    }

    @Test
    void aRunOnDataWithoutLabelsIsRefusedInOneLine() {
        Path flow = shared.resolve("checkerboard");
        Cli.ok(
                "train",
                "--dataset",
                "checkerboard",
                "--binarize",
                "none",
                "--model",
                "maf",
                "--hidden",
                "8,8",
                "--flow-length",
                "1",
                "--epochs",
                "1",
                "--batch-size",
                "500",
                "--quiet",
                "--out",
                flow.toString());
        String line = Cli.assertBadInput(Cli.run("sample-quality", flow.toString(), "--cache-dir", cache.toString()));
        assertThat(line)
                .startsWith("vaekit sample-quality: " + flow + ": checkerboard has no labels; sample quality "
                        + "measures samples in the features of a classifier trained on a data set's labels");
    }

    @Test
    void aPlainAutoencoderHasNoSamplesToScore() {
        Path ae = TinyRuns.trainAutoencoder(shared.resolve("ae"), 4, 1);
        String line = Cli.assertBadInput(Cli.run("sample-quality", ae.toString(), "--cache-dir", cache.toString()));
        assertThat(line).contains("this dense-ae is a plain autoencoder without a prior");
    }

    @Test
    void aPlainAutoencoderIsScoredThroughASamplerFittedToItsCodes() {
        Path ae = TinyRuns.trainAutoencoder(shared.resolve("ae-sampled"), 4, 1);
        FitSamplerCommandTest.fit(ae, "gmm");

        Cli.Result r = Cli.ok(
                "sample-quality",
                ae.toString(),
                "--sampler",
                "gmm",
                "--n",
                "200",
                "--classifier-epochs",
                "1",
                "--cache-dir",
                cache.toString(),
                "--threads",
                "1");

        assertThat(r.out()).contains("codes: ").containsPattern("(?m)^samples, codes from gmm +200 ");
        JsonNode samples = json(r).get("scores").get("samples");
        assertThat(samples.get("frechetDistance").asDouble()).isPositive();
        assertThat(samples.get("precision").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        assertThat(Cli.assertBadInput(Cli.run(args("--n", "1001"))))
                .isEqualTo("vaekit sample-quality: --n must be in [4, 1000] (mnist-mini has 1000 test images to "
                        + "compare the samples with), got 1001");
        assertThat(Cli.assertBadInput(Cli.run(args("--n", "200", "--k", "200"))))
                .isEqualTo("vaekit sample-quality: --n must be larger than --k (200), got 200");
        assertThat(Cli.assertBadInput(Cli.run(args("--k", "0")))).contains("--k must be >= 1, got 0");
        assertThat(Cli.assertBadInput(Cli.run(args("--temperature", "0"))))
                .contains("--temperature must be a finite number > 0, got 0.0");
        assertThat(Cli.assertBadInput(Cli.run("sample-quality", vae.toString(), "--classifier-epochs", "-1")))
                .contains("--classifier-epochs must be in [1, 1000], got -1");
        assertThat(Cli.assertBadInput(
                        Cli.run("sample-quality", shared.resolve("nothing").toString())))
                .contains("no such run folder");
    }
}
