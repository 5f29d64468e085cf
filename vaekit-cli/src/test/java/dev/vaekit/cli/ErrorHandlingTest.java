package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends with exit code 2 and exactly one line on stderr, never a stack trace. */
class ErrorHandlingTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = Cli.trainSmallRun(shared.resolve("run"), 1);
    }

    private Cli.Result train(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--quiet";
        all[args.length + 2] = "--out";
        all[args.length + 3] = dir.resolve("out").toString();
        return Cli.run(all);
    }

    // --- IDX files: 3 training and 1 test image of 28x28, with labels ---------------------------------------

    private static byte[] idx(int[] dims, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }

    /** @return a 1-D IDX file of these labels */
    private static byte[] labels(int... labels) {
        byte[] b = idx(new int[] {labels.length}, 0);
        ByteBuffer all = ByteBuffer.allocate(b.length + labels.length).put(b);
        for (int label : labels) {
            all.put((byte) label);
        }
        return all.array();
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-formed tiny mnist folder under {@code root}; returns the root. */
    private Path mnist() {
        Path root = dir.resolve("data");
        Path m = root.resolve("mnist");
        write(m.resolve("train-images-idx3-ubyte"), idx(new int[] {3, 28, 28}, 3 * 784));
        write(m.resolve("train-labels-idx1-ubyte"), labels(3, 0, 9));
        write(m.resolve("t10k-images-idx3-ubyte"), idx(new int[] {1, 28, 28}, 784));
        write(m.resolve("t10k-labels-idx1-ubyte"), labels(1));
        return root;
    }

    @Test
    void theTinyMnistFolderItselfTrains() {
        // the fixture is valid, so the failures below come from the one broken file each
        Cli.trainTiny(dir.resolve("ok"), "--dataset", "mnist", "--data-dir", mnist().toString());
    }

    @Test
    void anAbsurdLearningRateStopsWithOneLineAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = train("--dataset", "mnist-mini", "--hidden", "32", "--epochs", "3", "--lr", "1e6");

        assertThat(r.code()).as("%s", r).isEqualTo(Main.EXIT_FAILURE);
        List<String> lines = r.errLines();
        assertThat(lines).as("stderr of %s", r).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("vaekit train: training diverged")
                .contains("epoch 1")
                .contains("--lr")
                .doesNotContain("Exception");
        // a diverged first epoch leaves no checkpoint, rather than a checkpoint of NaN weights
        assertThat(out.resolve(dev.vaekit.train.Checkpoint.MANIFEST)).doesNotExist();
    }

    @Test
    void anUnknownOption() {
        String line = Cli.assertBadInput(Cli.run("train", "--learning-rate", "0.1"));

        assertThat(line).contains("--learning-rate").contains("vaekit train --help");
    }

    @Test
    void anUnknownOptionOfTheRootCommand() {
        assertThat(Cli.assertBadInput(Cli.run("--bogus"))).contains("--bogus");
    }

    @Test
    void anUnknownSubcommand() {
        assertThat(Cli.assertBadInput(Cli.run("fly"))).contains("fly");
    }

    @Test
    void aValueOfTheWrongType() {
        assertThat(Cli.assertBadInput(train("--epochs", "many")))
                .contains("--epochs")
                .contains("many");
    }

    @Test
    void anInvalidConfigValue() {
        assertThat(Cli.assertBadInput(train("--latent-dim", "0"))).contains("model.latentDim must be >= 1, got 0");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aNetworkTooLargeForMemoryIsRefusedBeforeItIsAllocated() {
        String line = Cli.assertBadInput(train("--dataset", "mnist-mini", "--hidden", "2147483647"));

        assertThat(line)
                .startsWith("vaekit train: model.hidden (--hidden) = [2147483647]: expected a model whose parameters"
                        + " fit in memory")
                .contains("2147483647x784 float32 values (6.7 TB)");
        assertThat(dir.resolve("out").resolve("weights.safetensors")).doesNotExist();
    }

    @Test
    void anInvalidThreadCountNamesTheCommand() {
        String line = Cli.assertBadInput(train("--threads", "0"));

        assertThat(line)
                .contains("--threads must be >= 1, got 0")
                .startsWith("train: ")
                .contains("'vaekit train --help'")
                .doesNotContain("<main class>");
    }

    @Test
    void aMissingRunFolderArgument() {
        assertThat(Cli.assertBadInput(Cli.run("eval")))
                .contains("Missing required parameter")
                .contains("RUN");
    }

    @Test
    void evaluatingARunWhoseDatasetHasNoTestSplit() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "a,b\n0,1\n1,0\n0.5,0.5\n1,1\n0,0\n");
        Path csvRun = dir.resolve("csv-run");
        Cli.trainTiny(csvRun, "--dataset", "csv:" + csv);

        assertThat(Cli.assertBadInput(Cli.run("eval", csvRun.toString(), "--k", "1")))
                .contains("no test split");
    }

    @Test
    void anUnknownChoice() {
        assertThat(Cli.assertBadInput(train("--activation", "sigmoid")))
                .contains("unknown activation 'sigmoid'")
                .contains("relu");
    }

    @Test
    void aMissingDatasetFile() {
        assertThat(Cli.assertBadInput(train("--dataset", "csv:/nonexistent.csv")))
                .contains("/nonexistent.csv")
                .contains("no such file");
    }

    @Test
    void anUnknownDataset() {
        assertThat(Cli.assertBadInput(train("--dataset", "cifar"))).contains("cifar");
    }

    @Test
    void aNonNumericCsvCellNamesLineAndColumn() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b,c\n1,2,3\n4,five,6\n");

        String line = Cli.assertBadInput(train("--dataset", "csv:" + csv));

        assertThat(line)
                .contains(csv + ":3:2")
                .contains("'b'")
                .contains("expected a number")
                .contains("five");
    }

    @Test
    void aTruncatedIdxFile() throws Exception {
        Path root = mnist();
        Path images = root.resolve("mnist/train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(b, 10)); // cut inside the header

        String line = Cli.assertBadInput(train("--dataset", "mnist", "--data-dir", root.toString()));

        assertThat(line).contains("train-images-idx3-ubyte").contains("truncated");
    }

    @Test
    void anIdxFileWithTheWrongMagic() {
        Path root = mnist();
        byte[] b = idx(new int[] {3, 2, 2}, 12);
        b[0] = 0x12;
        b[1] = 0x34;
        write(root.resolve("mnist/train-images-idx3-ubyte"), b);

        String line = Cli.assertBadInput(train("--dataset", "mnist", "--data-dir", root.toString()));

        assertThat(line).contains("train-images-idx3-ubyte").contains("magic").contains("0x12 0x34");
    }

    @Test
    void anIdxHeaderClaimingMoreImagesThanTheFileHolds() {
        Path root = mnist();
        write(root.resolve("mnist/train-images-idx3-ubyte"), idx(new int[] {60000, 28, 28}, 12));

        String line = Cli.assertBadInput(train("--dataset", "mnist", "--data-dir", root.toString()));

        assertThat(line)
                .contains("train-images-idx3-ubyte")
                .contains("60000x28x28")
                .contains("truncated");
    }

    @Test
    void labelsThatDoNotMatchTheImages() {
        Path root = mnist();
        write(root.resolve("mnist/train-labels-idx1-ubyte"), idx(new int[] {2}, 2));

        String line = Cli.assertBadInput(train("--dataset", "mnist", "--data-dir", root.toString()));

        assertThat(line)
                .contains("train-labels-idx1-ubyte")
                .contains("2 labels")
                .contains("3 images");
    }

    @Test
    void labelsOutsideTheClassesOfMnist() {
        Path root = mnist();
        write(root.resolve("mnist/train-labels-idx1-ubyte"), labels(3, 12, 0));

        String line = Cli.assertBadInput(train("--dataset", "mnist", "--data-dir", root.toString()));

        assertThat(line)
                .contains(root.resolve("mnist/train-labels-idx1-ubyte").toString())
                .contains("label of image 2")
                .contains("expected a label from 0 to 9")
                .contains("found 12");
    }

    @Test
    void imagesOfAnotherSizeThanMnists() {
        Path root = mnist();
        write(root.resolve("mnist/t10k-images-idx3-ubyte"), idx(new int[] {1, 32, 32}, 1024));

        String line = Cli.assertBadInput(train("--dataset", "mnist", "--data-dir", root.toString()));

        assertThat(line)
                .contains(root.resolve("mnist/t10k-images-idx3-ubyte").toString())
                .contains("expected mnist images of 28x28 pixels")
                .contains("found 32x32");
    }

    @Test
    void aCorruptedCheckpoint() {
        Path copy = Cli.copy(run, dir.resolve("run"));
        Cli.flipByte(copy.resolve("weights.safetensors"));

        String line = Cli.assertBadInput(Cli.run("eval", copy.toString(), "--k", "1", "--eval-size", "5"));

        assertThat(line)
                .startsWith("vaekit eval: ")
                .contains("weights.safetensors")
                .contains("SHA-256");
    }

    @Test
    void aCorruptedCheckpointIsRefusedByEveryCommandThatLoadsIt() {
        Path copy = Cli.copy(run, dir.resolve("run"));
        Cli.flipByte(copy.resolve("weights.safetensors"));

        assertThat(Cli.assertBadInput(Cli.run("sample", copy.toString()))).contains("SHA-256");
        assertThat(Cli.assertBadInput(Cli.run("reconstruct", copy.toString()))).contains("SHA-256");
        assertThat(Cli.assertBadInput(Cli.run("train", "--out", copy.toString(), "--resume", "--epochs", "2")))
                .contains("SHA-256");
        assertThat(copy.resolve("samples.png")).doesNotExist();
    }

    @Test
    void helpExitsZero() {
        Cli.Result r = Cli.ok("--help");

        assertThat(r.out())
                .contains("Usage: vaekit")
                .contains("train")
                .contains("eval")
                .contains("quickstart");
        assertThat(r.err()).isEmpty();
        assertThat(Cli.ok("train", "--help").out()).contains("--latent-dim").contains("--resume");
    }

    @Test
    void noArgumentsPrintUsage() {
        assertThat(Cli.ok().out()).contains("Usage: vaekit");
    }

    @Test
    void debugPrintsTheStackTrace() {
        Cli.Result r = Cli.run(
                "train",
                "--latent-dim",
                "0",
                "--debug",
                "--out",
                dir.resolve("d").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model.latentDim must be >= 1, got 0").contains("\tat ");
    }
}
