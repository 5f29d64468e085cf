package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.io.Npy;
import dev.vaekit.train.Configs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code vaekit compress} and {@code decompress} with a model whose latent layers form a Markov chain (a tiny
 * bottom-up ladder VAE trained for two epochs on mnist-mini, one thread): Bit-Swap by default, BB-ANS on request, the
 * scheme read back from the file; and the refusals (Bit-Swap for a one-layer VAE, an unknown scheme, a ladder whose
 * posterior is no chain), each one line with exit code 2 and nothing written.
 */
class BitSwapCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path chain;

    @BeforeAll
    static void train() {
        chain = ladder("chain", "bottom-up");
    }

    private static Path ladder(String name, String inference) {
        Path run = shared.resolve(name);
        Cli.ok(
                "train",
                "--model",
                "dense-ladder-vae",
                "--inference",
                inference,
                "--dataset",
                "mnist-mini",
                "--hidden",
                "32",
                "--lower-latents",
                "8",
                "--upper-hidden",
                "16",
                "--latent-dim",
                "4",
                "--epochs",
                "2",
                "--batch-size",
                "100",
                "--threads",
                "1",
                "--quiet",
                "--out",
                run.toString());
        return run;
    }

    private JsonNode compress(Path run, String name, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "compress",
                run.toString(),
                "-i",
                "test",
                "--n",
                "6",
                "-o",
                dir.resolve(name).toString(),
                "--json"));
        args.addAll(List.of(more));
        return Configs.json().readTree(Cli.ok(args.toArray(String[]::new)).out());
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void bitSwapByDefaultBbAnsOnRequestAndBothDecodeByTheSchemeTheFileRecords() {
        JsonNode bitSwap = compress(chain, "s.vbb");
        JsonNode bbAns = compress(chain, "b.vbb", "--scheme", "bb-ans");
        assertThat(bitSwap.get("scheme").asText()).isEqualTo("bit-swap");
        assertThat(bbAns.get("scheme").asText()).isEqualTo("bb-ans");
        assertThat(bitSwap.get("latentLayers").toString()).isEqualTo("[8,4]");
        assertThat(bitSwap.get("initialBits").asDouble())
                .isLessThan(bbAns.get("initialBits").asDouble());
        assertThat(bytes(dir.resolve("s.vbb"))).isNotEqualTo(bytes(dir.resolve("b.vbb")));
        assertThat(compress(chain, "s2.vbb", "--scheme", "bit-swap")
                        .get("bytes")
                        .asLong())
                .isEqualTo(bitSwap.get("bytes").asLong());
        assertThat(bytes(dir.resolve("s2.vbb"))).isEqualTo(bytes(dir.resolve("s.vbb")));

        for (String name : List.of("s", "b")) {
            Path out = dir.resolve(name + ".npy");
            Cli.Result r = Cli.ok(
                    "decompress",
                    chain.toString(),
                    "-i",
                    dir.resolve(name + ".vbb").toString(),
                    "-o",
                    out.toString());
            assertThat(r.out())
                    .contains(name.equals("s") ? "scheme    Bit-Swap over latent layers of 8 + 4" : "BB-ANS");
            assertThat(Npy.read(out).shape()).containsExactly(6, 28, 28);
            // the decoded images, compressed again with the same scheme, give the very same file
            List<String> again = new ArrayList<>(List.of(
                    "compress",
                    chain.toString(),
                    "-i",
                    out.toString(),
                    "-o",
                    dir.resolve(name + "-again.vbb").toString()));
            if (name.equals("b")) {
                again.addAll(List.of("--scheme", "bb-ans"));
            }
            Cli.ok(again.toArray(String[]::new));
            assertThat(bytes(dir.resolve(name + "-again.vbb"))).isEqualTo(bytes(dir.resolve(name + ".vbb")));
        }
    }

    @Test
    void whatBitSwapCannotCodeIsRefusedInOneLine() {
        Path vae = TinyRuns.train(dir.resolve("vae"), 2);
        Path ladder = ladder("ladder-" + dir.getFileName(), "ladder");
        Path out = dir.resolve("x.vbb");
        assertThat(Cli.assertBadInput(Cli.run(
                        "compress",
                        vae.toString(),
                        "-i",
                        "test",
                        "--n",
                        "1",
                        "-o",
                        out.toString(),
                        "--scheme",
                        "bit-swap")))
                .contains("Bit-Swap needs latent layers that form a bottom-up Markov chain")
                .contains("a VAE (dense-vae) has one latent layer");
        assertThat(Cli.assertBadInput(Cli.run(
                        "compress",
                        chain.toString(),
                        "-i",
                        "test",
                        "--n",
                        "1",
                        "-o",
                        out.toString(),
                        "--scheme",
                        "bitswap")))
                .contains("unknown coding scheme 'bitswap'; expected one of [bb-ans, bit-swap]");
        assertThat(Cli.assertBadInput(
                        Cli.run("compress", ladder.toString(), "-i", "test", "--n", "1", "-o", out.toString())))
                .contains("a ladder VAE (dense-ladder-vae) has 2 latent layers whose posterior is not such a chain");
        assertThat(out).doesNotExist();
        // a file of the chain is refused by another run, before any decoding
        compress(chain, "c.vbb");
        assertThat(Cli.assertBadInput(Cli.run(
                        "decompress",
                        vae.toString(),
                        "-i",
                        dir.resolve("c.vbb").toString(),
                        "-o",
                        "" + dir.resolve("c.npy"))))
                .contains("c.vbb: compressed with another model");
    }
}
