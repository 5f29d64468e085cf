package dev.vaekit.samplers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.PriorKind;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Bad settings, too few or broken codes, models without codes of their own, and damaged sampler folders. */
class SamplerRefusalsTest {
    private static final double[] MEAN = {0, 0};
    private static final double[][] LOWER = {{1, 0}, {0.5, 0.5}};

    @TempDir
    Path dir;

    private static float[] codes(int n) {
        return SamplerFixtures.gaussian(n, MEAN, LOWER, 1);
    }

    @Test
    void settingsOutOfRangeNameTheirField() {
        SamplerConfig.Builder maf = SamplerConfig.builder(SamplerKind.MAF);
        assertThatThrownBy(() -> maf.heldOutFraction(0.7).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sampler heldOutFraction (--held-out) must be in (0, 0.5], got 0.7");
        assertThatThrownBy(() -> SamplerConfig.builder(SamplerKind.MAF)
                        .hidden(List.of(16, 0))
                        .build())
                .hasMessage("sampler hidden (--hidden) must hold numbers in [1, 100000], got [16, 0]");
        assertThatThrownBy(() ->
                        SamplerConfig.builder(SamplerKind.GMM).components(-1).build())
                .hasMessageStartingWith("sampler components (--components) must be 0");
        assertThatThrownBy(() -> SamplerKind.parse("vae"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown sampler kind 'vae'; expected one of [gmm, maf, two-stage]");
    }

    @Test
    void tooFewOrNonFiniteCodesAreRefused() {
        SamplerConfig gmm = SamplerFixtures.tiny(SamplerKind.GMM);
        assertThatThrownBy(() -> LatentSampler.fitCodes(codes(3), 2, gmm))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("a sampler needs at least 4 codes (2 to fit and 2 held out), got 3");
        float[] broken = codes(50);
        broken[13] = Float.NaN;
        assertThatThrownBy(() -> LatentSampler.fitCodes(broken, 2, gmm))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("code 6 has the value NaN in dimension 1; a sampler needs finite codes");
        assertThatThrownBy(() -> LatentSampler.fitCodes(codes(10), 3, gmm))
                .hasMessage("20 values are not whole codes of 3 dimensions");
        SamplerConfig many = gmm.toBuilder().components(9).build();
        assertThatThrownBy(() -> LatentSampler.fitCodes(codes(10), 2, many))
                .hasMessage("a GMM of 9 components needs at least as many codes to fit, got 8");
    }

    @Test
    void aModelWithoutCodesOfItsOwnOrConditionalOnLabelsIsRefused() {
        Engines.disableGradOnThisThread();
        ModelConfig conditional = Fixtures.tinyModel(VaeConfig.builder()
                .likelihood(LikelihoodKind.BERNOULLI)
                .prior(PriorKind.STANDARD)
                .conditionClasses(3)
                .build());
        ModelConfig flow =
                ModelConfig.builder("maf").inputShape(1, 1, 4).hidden(8).build();
        try (NDManager root = Engines.newManager();
                Model cvae = Model.create(conditional, null, root);
                Model maf = Model.create(flow, null, root)) {
            SamplerConfig gmm = SamplerFixtures.tiny(SamplerKind.GMM);
            assertThatThrownBy(() -> LatentSampler.fit(maf, Fixtures.tinyBinaryData(1, 20), gmm))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("which has no separate encoder, decoder or latent space");
            assertThatThrownBy(() -> LatentSampler.fit(cvae, Fixtures.tinyBinaryData(1, 20), gmm))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("a dense-vae conditional on labels has codes that depend on the label; a sampler "
                            + "models the codes of an unconditional model");
            try (LatentSampler sampler = LatentSampler.fitCodes(codes(50), 2, gmm)) {
                assertThatThrownBy(() -> sampler.decodedSamples(maf, 2, 1, 1))
                        .isInstanceOf(InvalidInputException.class);
                try (Model vae = Model.create(
                        Fixtures.tinyModel().toBuilder().latentDim(3).build(), null, root)) {
                    assertThatThrownBy(() -> sampler.decodedSamples(vae, 2, 1, 1))
                            .isInstanceOf(InvalidInputException.class)
                            .hasMessage("the sampler draws codes of 2 dimensions; the dense-vae's codes have 3");
                }
                assertThatThrownBy(() -> sampler.drawCodes(2, 0, 1))
                        .hasMessage("the temperature must be a finite number > 0, got 0.0");
                assertThatThrownBy(() -> sampler.drawCodes(0, 1, 1))
                        .hasMessage("the number of draws must be in [1, 1000000], got 0");
            }
        }
    }

    @Test
    void samplerNamesAreLettersDigitsDotsUnderscoresAndDashes() {
        assertThat(LatentSampler.folder(dir, "gmm-2_b.v1"))
                .isEqualTo(dir.resolve("samplers").resolve("gmm-2_b.v1"));
        for (String bad : new String[] {"", "../x", ".hidden", "a/b", "x".repeat(65)}) {
            assertThatThrownBy(() -> LatentSampler.folder(dir, bad))
                    .as("'%s'", bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("a sampler name is 1 to 64 letters");
        }
    }

    private Path saved(SamplerKind kind) {
        Path folder = dir.resolve(kind.id());
        try (LatentSampler sampler = LatentSampler.fitCodes(codes(200), 2, SamplerFixtures.tiny(kind))) {
            sampler.save(folder);
        }
        return folder;
    }

    @Test
    void aDamagedFileIsRefusedNamingIt() throws Exception {
        Path gmm = saved(SamplerKind.GMM);
        byte[] bytes = Files.readAllBytes(gmm.resolve(GmmDensity.FILE));
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(gmm.resolve(GmmDensity.FILE), bytes);
        assertThatThrownBy(() -> LatentSampler.load(gmm))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(gmm.resolve(GmmDensity.FILE) + ": SHA-256 differs from sampler.json; the file is "
                        + "truncated, corrupted or was modified");

        Path maf = saved(SamplerKind.MAF);
        Files.delete(maf.resolve("model").resolve("weights.safetensors"));
        assertThatThrownBy(() -> LatentSampler.load(maf))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("weights.safetensors: missing");
    }

    @Test
    void aBrokenOrMissingDescriptionIsRefused() throws Exception {
        Path gmm = saved(SamplerKind.GMM);
        Path spec = gmm.resolve(LatentSampler.SPEC_FILE);
        String text = Files.readString(spec);

        Files.writeString(spec, text.replace("\"kind\" : \"gmm\"", "\"kind\" : \"vae\""));
        assertThatThrownBy(() -> LatentSampler.load(gmm))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown sampler kind 'vae'");

        Files.writeString(spec, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> LatentSampler.load(gmm))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(spec + ": not valid JSON");

        ObjectNode tree = (ObjectNode) Configs.json().readTree(text);
        ((ObjectNode) tree.get("files")).put("other.bin", "00");
        Files.writeString(spec, Configs.toJson(tree));
        assertThatThrownBy(() -> LatentSampler.load(gmm))
                .hasMessage(
                        spec + ": lists the files [gmm.safetensors, other.bin]; a gmm sampler has [gmm.safetensors]");

        Files.delete(spec);
        assertThatThrownBy(() -> LatentSampler.load(gmm))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(gmm + ": not a sampler folder (no sampler.json)");
        assertThatThrownBy(() -> LatentSampler.load(dir.resolve("none")))
                .hasMessage(dir.resolve("none") + ": no such sampler folder");
    }

    @Test
    void aMixtureFileWhoseHashIsListedButWhoseContentIsWrongIsRefused() throws Exception {
        Path gmm = saved(SamplerKind.GMM);
        Path file = gmm.resolve(GmmDensity.FILE);
        try (NDManager manager = Engines.newManager()) {
            // weights that do not sum to 1, recorded with their true hash
            NDArray weights = manager.create(new double[] {0.5, 0.2});
            weights.setName("weights");
            NDArray means = manager.create(new double[4], new Shape(2, 2));
            means.setName("means");
            NDArray covariances = manager.create(new double[] {1, 0, 0, 1, 1, 0, 0, 1}, new Shape(2, 2, 2));
            covariances.setName("covariances");
            NDList tensors = new NDList(weights, means, covariances);
            AtomicFiles.write(file, out -> tensors.encode(out, NDList.Encoding.SAFETENSORS));
        }
        Path spec = gmm.resolve(LatentSampler.SPEC_FILE);
        ObjectNode tree = (ObjectNode) Configs.json().readTree(Files.readString(spec));
        ((ObjectNode) tree.get("files")).put(GmmDensity.FILE, AtomicFiles.sha256(file));
        Files.writeString(spec, Configs.toJson(tree));
        assertThatThrownBy(() -> LatentSampler.load(gmm))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": not a valid Gaussian mixture: GMM weights must sum to 1, got 0.7");
    }

    @Test
    void otherWeightsThanTheSamplersAreRefused() {
        SamplerSource fitted = new SamplerSource("best-weights.safetensors", "aa", "weights of epoch 3 of 5, the best");
        try (LatentSampler sampler =
                LatentSampler.fitCodes(codes(50), 2, SamplerFixtures.tiny(SamplerKind.GMM), fitted, List.of())) {
            sampler.requireSource(new SamplerSource("best-weights.safetensors", "AA", "the same, hashed in capitals"));
            assertThatThrownBy(() -> sampler.requireSource(
                            new SamplerSource("weights.safetensors", "bb", "weights of epoch 5, the last")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("the sampler was fitted to the codes of other weights (weights of epoch 3 of 5, the "
                            + "best, best-weights.safetensors) than these (weights of epoch 5, the last); fit it "
                            + "again, or use the weights it was fitted to");
        }
    }
}
