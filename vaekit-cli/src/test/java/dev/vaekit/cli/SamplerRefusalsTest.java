package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit-sampler and sample --sampler refuse bad input in one line, with exit code 2. */
class SamplerRefusalsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = TinyRuns.train(shared.resolve("run"), 2);
        FitSamplerCommandTest.fit(run, "gmm");
    }

    @Test
    void anUnknownKindOrAnOptionOfAnotherKind() {
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString(), "--kind", "vae")))
                .isEqualTo("vaekit fit-sampler: unknown sampler kind 'vae'; expected one of [gmm, maf, two-stage]");
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString(), "--kind", "maf", "--components", "3")))
                .isEqualTo("vaekit fit-sampler: --components applies to --kind gmm, not maf");
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString(), "--kind", "gmm", "--epochs", "3")))
                .isEqualTo("vaekit fit-sampler: --epochs applies to --kind maf and two-stage, not gmm");
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString(), "--kind", "maf", "--k", "3")))
                .isEqualTo("vaekit fit-sampler: --k applies to --kind two-stage, not maf");
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString(), "--kind", "gmm", "--codes", "median")))
                .isEqualTo("vaekit fit-sampler: --codes must be mean or sample, got 'median'");
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString(), "--kind", "gmm", "--held-out", "0.9")))
                .contains("(--held-out) must be in (0, 0.5], got 0.9");
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString())))
                .contains("Missing required option: '--kind=KIND'");
    }

    @Test
    void anExistingOrMalformedName() {
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString(), "--kind", "gmm")))
                .isEqualTo("vaekit fit-sampler: " + run.resolve("samplers").resolve("gmm")
                        + " already exists: choose another --name, or remove the folder first");
        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", run.toString(), "--kind", "gmm", "--name", "../up")))
                .startsWith("vaekit fit-sampler: a sampler name is 1 to 64 letters");
    }

    @Test
    void aMissingSamplerOrOneWithALabel() {
        assertThat(Cli.assertBadInput(Cli.run("sample", run.toString(), "--sampler", "nope")))
                .isEqualTo("vaekit sample: no sampler 'nope' in " + run + " (it has gmm)");
        Path bare = TinyRuns.train(dir.resolve("bare"), 2);
        assertThat(Cli.assertBadInput(Cli.run("sample", bare.toString(), "--sampler", "gmm")))
                .isEqualTo("vaekit sample: no sampler 'gmm' in " + bare + " (it has none; fit one with 'vaekit "
                        + "fit-sampler " + bare + " --kind gmm')");
        assertThat(Cli.assertBadInput(Cli.run("sample", run.toString(), "--sampler", "gmm", "--label", "3")))
                .startsWith("vaekit sample: --label picks the class of a conditional model's draws");
        assertThat(Cli.assertBadInput(Cli.run("sample", run.toString(), "--sampler", "gmm", "--temperature", "0")))
                .contains("--temperature must be a finite number > 0");
    }

    @Test
    void aRunWithoutALatentSpace() {
        Path flow = dir.resolve("moons");
        Cli.ok(
                "train",
                "--dataset",
                "moons",
                "--binarize",
                "none",
                "--model",
                "maf",
                "--hidden",
                "8",
                "--flow-length",
                "1",
                "--epochs",
                "1",
                "--quiet",
                "--out",
                flow.toString());

        assertThat(Cli.assertBadInput(Cli.run("fit-sampler", flow.toString(), "--kind", "gmm")))
                .contains("which has no separate encoder, decoder or latent space");
        assertThat(Cli.assertBadInput(Cli.run("sample", flow.toString(), "--sampler", "gmm")))
                .contains("which has no separate encoder, decoder or latent space");
    }

    @Test
    void damagedSamplerFiles() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("copy"));
        Path folder = copy.resolve("samplers").resolve("gmm");
        Cli.flipByte(folder.resolve("gmm.safetensors"));
        assertThat(Cli.assertBadInput(Cli.run("sample", copy.toString(), "--sampler", "gmm")))
                .isEqualTo("vaekit sample: " + folder.resolve("gmm.safetensors") + ": SHA-256 differs from "
                        + "sampler.json; the file is truncated, corrupted or was modified");

        Path spec = folder.resolve("sampler.json");
        Files.writeString(spec, "{ \"format\" : ");
        assertThat(Cli.assertBadInput(Cli.run("sample", copy.toString(), "--sampler", "gmm")))
                .startsWith("vaekit sample: " + spec + ": not valid JSON");

        Files.delete(spec);
        assertThat(Cli.assertBadInput(Cli.run("sample", copy.toString(), "--sampler", "gmm")))
                .isEqualTo("vaekit sample: " + folder + ": not a sampler folder (no sampler.json)");
    }
}
