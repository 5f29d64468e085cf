package dev.vaekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.api.TrainedModel;
import dev.vaekit.samplers.LatentSampler;
import dev.vaekit.samplers.SamplerKind;
import dev.vaekit.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example of docs/java-api.md, briefly, and checks what it prints and writes. */
class ExamplesTest {
    @TempDir
    Path dir;

    /** Runs a main method and returns what it printed. */
    private static String run(ThrowingMain main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }

    private interface ThrowingMain {
        void run() throws Exception;
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as("%s in %s", regex, out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainAVaeEvaluatesAndSavesALoadableModelFolder() throws Exception {
        Path out = dir.resolve("vae");
        String printed = run(() -> TrainAVae.main(new String[] {"2", out.toString()}));

        assertThat(printed).contains("epoch 1: -ELBO").contains("epoch 2: -ELBO");
        double nll = number(printed, "test NLL ([0-9.]+) ±");
        assertThat(nll).isBetween(50.0, 400.0);
        assertThat(Checkpoint.resumable(Checkpoint.verify(out))).isFalse();
        try (TrainedModel again = TrainedModel.load(out)) {
            assertThat(again.config().model().latentDim()).isEqualTo(16);
            assertThat(again.sample(3, 1.0, 1)).hasDimensions(3, 784);
        }
    }

    @Test
    void aPostHocSamplerBeatsThePriorOnHeldOutCodesAndIsSavedBesideTheModel() throws Exception {
        Path out = dir.resolve("vae");
        String printed = run(() -> PostHocSampler.main(new String[] {"1", out.toString()}));

        double gmm = number(printed, "GMM (-?[0-9.]+) ±");
        double prior = number(printed, "N\\(0, I\\) (-?[0-9.]+) ±");
        assertThat(gmm).isGreaterThan(prior);
        try (TrainedModel vae = TrainedModel.load(out);
                LatentSampler sampler = LatentSampler.load(LatentSampler.folder(out, "gmm"))) {
            assertThat(sampler.kind()).isEqualTo(SamplerKind.GMM);
            assertThat(vae.sample(sampler, 3, 1.0, 1)).hasDimensions(3, 784);
        }
    }

    @Test
    void customNetworksTrainSaveAndLoadThroughTheirFamily() throws Exception {
        String printed = run(
                () -> CustomNetworks.main(new String[] {"1", dir.resolve("djl").toString()}));

        // 784-256-16 and 8-256-784 perceptrons
        long parameters = (784 * 256 + 256 + 256 * 16 + 16) + (8 * 256 + 256 + 256 * 784 + 784);
        assertThat(printed).contains("trained " + parameters + " parameters");
        assertThat(number(printed, "test NLL ([0-9.]+) nats")).isBetween(50.0, 500.0);
    }

    @Test
    void aBetaTcVaeReportsThePartsOfItsKl() throws Exception {
        String printed = run(() -> BetaTcVaeFromJava.main(new String[] {"1"}));

        assertThat(printed).containsPattern("epoch 1: mi [0-9.]+ tc -?[0-9.]+ dimKl [0-9.]+");
        assertThat(number(printed, "test ELBO (-[0-9.]+) nats")).isLessThan(0);
    }

    @Test
    void ownDataFromAnIteratorFitsAFlowWhoseDensityFavoursTheRing() throws Exception {
        String printed = run(() -> OwnData.main(new String[] {"4"}));

        double onRing = number(printed, "log p on the ring (-?[0-9.]+)");
        double atCentre = number(printed, "at its centre (-?[0-9.]+)");
        assertThat(onRing).isGreaterThan(atCentre);
    }
}
