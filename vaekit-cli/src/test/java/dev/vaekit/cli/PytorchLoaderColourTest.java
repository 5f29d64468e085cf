package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/pytorch_load.py on a dense VAE of colour images: rebuilt in PyTorch, it decodes codes to the values vaekit
 * decodes, and its --ppm picture holds them as RGB pixels. Needs /usr/bin/python3 with torch (Debian's
 * python3-torch); skipped without it.
 */
class PytorchLoaderColourTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("../examples/pytorch_load.py");
    private static final int SIZE = 8;
    private static final int D = 3 * SIZE * SIZE;

    @TempDir
    Path dir;

    private static String python(Path workDir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("python finished: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void theScriptDecodesAColourModelAsVaekitDoes() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON) && torchAvailable(), "needs /usr/bin/python3 with torch");
        Path folder = ColourRuns.digits(dir.resolve("digits"), 100, SIZE, 2);
        Path run = dir.resolve("run");
        ColourRuns.train(
                folder,
                run,
                "--likelihood",
                "gaussian",
                "--variance",
                "per-dimension",
                "--model",
                "dense-vae",
                "--hidden",
                "16",
                "--latent-dim",
                "2",
                "--epochs",
                "1");
        Path csv = Files.writeString(dir.resolve("codes.csv"), "z0,z1\n0,0\n1.5,-0.5\n-2,0.7\n");
        Path txt = Files.writeString(dir.resolve("codes.txt"), "0 0\n1.5 -0.5\n-2 0.7\n");
        Path rows = dir.resolve("rows.csv");
        Cli.ok("decode", run.toString(), "-i", csv.toString(), "--rows", rows.toString());
        Path ppm = dir.resolve("decoded.ppm");

        String out = python(
                Path.of("."),
                List.of(
                        SCRIPT.toString(),
                        run.toString(),
                        "--z-file",
                        txt.toString(),
                        "--full",
                        "--ppm",
                        ppm.toString()));

        List<String> vaekit = Files.readAllLines(rows);
        List<String> torch = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(torch).hasSize(3);
        byte[] picture = Files.readAllBytes(ppm);
        String header = "P6\n" + (3 * SIZE) + " " + SIZE + "\n255\n";
        assertThat(new String(picture, 0, header.length(), StandardCharsets.US_ASCII))
                .isEqualTo(header);
        for (int i = 0; i < 3; i++) {
            String[] expected = vaekit.get(i + 1).split(",");
            String[] actual = torch.get(i).trim().split(" ");
            assertThat(actual).hasSize(D);
            for (int j = 0; j < D; j++) {
                double value = Double.parseDouble(expected[j]);
                assertThat(Double.parseDouble(actual[j]))
                        .as("code %d, value %d", i, j)
                        .isCloseTo(value, within(1e-5));
                // value j is channel c at row y, column x; the picture holds image i at columns i·SIZE …
                int c = j / (SIZE * SIZE);
                int y = j / SIZE % SIZE;
                int x = j % SIZE;
                int level = picture[header.length() + (y * 3 * SIZE + i * SIZE + x) * 3 + c] & 0xff;
                assertThat(level)
                        .as("picture level of code %d, value %d", i, j)
                        .isCloseTo((int) Math.round(Math.min(1, Math.max(0, value)) * 255), within(1));
            }
        }
    }
}
