package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.train.Configs;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class EvalCommandTest {
    @TempDir
    static Path shared;

    private static Path run;

    @BeforeAll
    static void train() {
        run = Cli.trainSmallRun(shared.resolve("run"), 1);
    }

    private static JsonNode json(Cli.Result r) {
        assertThat(r.out().lines().count()).as("one JSON line").isEqualTo(1);
        return Configs.json().readTree(r.out());
    }

    @Test
    void jsonOutputHoldsEveryFigure() {
        JsonNode o = json(Cli.ok("eval", run.toString(), "--k", "5", "--eval-size", "40", "--json"));

        assertThat(o.get("run").asString()).isEqualTo(run.toString());
        assertThat(o.get("dataset").asString()).isEqualTo("mnist-mini");
        assertThat(o.get("testSize").asInt()).isEqualTo(40);
        assertThat(o.get("firstExample").asInt()).isZero();
        assertThat(o.get("dim").asInt()).isEqualTo(784);
        assertThat(o.get("k").asInt()).isEqualTo(5);
        double nll = o.get("nll").asDouble();
        assertThat(nll).isFinite().isPositive();
        assertThat(o.get("nllStdErr").asDouble()).isFinite().isPositive().isLessThan(nll);
        assertThat(o.get("bitsPerDim").asDouble()).isCloseTo(nll / (784 * Math.log(2)), within(1e-9));
        double elbo = o.get("elbo").asDouble();
        assertThat(elbo).isNegative();
        assertThat(o.get("reconstruction").asDouble() - o.get("kl").asDouble()).isCloseTo(elbo, within(1e-6));
        assertThat(o.get("kl").asDouble()).isPositive();
        assertThat(o.get("activeUnits").asInt()).isBetween(0, 8);
        assertThat(o.get("latentDim").asInt()).isEqualTo(8);
        assertThat(o.get("seed").asLong()).isEqualTo(1);
        assertThat(o.get("testBinarizationSeed").asLong()).isZero();
        assertThat(o.get("binarization").asString()).isEqualTo("dynamic");
        assertThat(o.get("seconds").asDouble()).isPositive();
    }

    @Test
    void theSameSeedGivesTheSameEstimateAndAnotherSeedAnother() {
        double a = json(Cli.ok("eval", run.toString(), "--k", "3", "--eval-size", "20", "--json"))
                .get("nll")
                .asDouble();
        double b = json(Cli.ok("eval", run.toString(), "--k", "3", "--eval-size", "20", "--json"))
                .get("nll")
                .asDouble();
        double c = json(Cli.ok("eval", run.toString(), "--k", "3", "--eval-size", "20", "--seed", "2", "--json"))
                .get("nll")
                .asDouble();

        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    /** @return the report of an eval --json line, as {@link LikelihoodReport#combine} takes it */
    private static LikelihoodReport report(JsonNode o) {
        return new LikelihoodReport(
                o.get("estimator").asString(),
                o.get("nll").asDouble(),
                o.get("nllStdErr").asDouble(),
                o.get("bitsPerDim").asDouble(),
                o.get("k").asInt(),
                o.get("testSize").asInt(),
                o.get("dim").asInt(),
                o.get("seed").asLong(),
                o.get("seconds").asDouble(),
                java.util.Map.of());
    }

    @Test
    void partsEvaluatedOneByOneCombineIntoTheWhole() {
        JsonNode whole = json(Cli.ok("eval", run.toString(), "--k", "3", "--eval-size", "30", "--json"));
        JsonNode first = json(Cli.ok("eval", run.toString(), "--k", "3", "--eval-size", "12", "--json"));
        JsonNode second =
                json(Cli.ok("eval", run.toString(), "--k", "3", "--from", "12", "--eval-size", "18", "--json"));

        assertThat(second.get("firstExample").asInt()).isEqualTo(12);
        assertThat(second.get("testSize").asInt()).isEqualTo(18);
        LikelihoodReport combined = LikelihoodReport.combine(java.util.List.of(report(first), report(second)));
        // the same samples for every example, binarised the same: only the order of the sums differs
        assertThat(combined.n()).isEqualTo(30);
        assertThat(combined.nll()).isCloseTo(whole.get("nll").asDouble(), within(1e-6));
        assertThat(combined.nllStdErr()).isCloseTo(whole.get("nllStdErr").asDouble(), within(1e-6));
        assertThat(Cli.ok("eval", run.toString(), "--k", "2", "--from", "5", "--eval-size", "3")
                        .out())
                .contains("test set     3 examples from example 5, binarised once with seed 0");
    }

    @Test
    void theTableNamesEachFigure() {
        Cli.Result r = Cli.ok("eval", run.toString(), "--k", "2", "--eval-size", "10");

        assertThat(r.out())
                .contains("run          " + run + " (mnist-mini, weights of epoch 1 of 1, the best on validation)")
                .contains("test set     10 examples, binarised once with seed 0")
                .contains("k = 2")
                .contains("NLL")
                .contains("bits/dim")
                .contains("ELBO")
                .contains("active units");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void invalidOptionsAreBadInput() {
        assertThat(Cli.assertBadInput(Cli.run("eval", run.toString(), "--k", "0")))
                .contains("--k must be >= 1, got 0");
        assertThat(Cli.assertBadInput(Cli.run("eval", run.toString(), "--eval-size", "-1")))
                .contains("--eval-size must be >= 0");
        assertThat(Cli.assertBadInput(Cli.run("eval", run.toString(), "--from", "-1")))
                .contains("--from must be >= 0");
        assertThat(Cli.assertBadInput(Cli.run("eval", run.toString(), "--from", "100000", "--eval-size", "5")))
                .contains("--from 100000 is past the test set's last example");
    }

    @Test
    void aFolderThatIsNotARunIsBadInput() {
        assertThat(Cli.assertBadInput(Cli.run("eval", shared.toString(), "--k", "1")))
                .contains("not a vaekit run folder");
        assertThat(Cli.assertBadInput(Cli.run("eval", shared.resolve("nope").toString())))
                .contains("no such run folder");
    }
}
