package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.FactorDatasets;
import dev.vaekit.data.factors.FactorData;
import dev.vaekit.eval.disentanglement.DisentanglementMetric;
import dev.vaekit.eval.disentanglement.DisentanglementReport;
import dev.vaekit.eval.disentanglement.MetricSuite;
import dev.vaekit.latent.ModelRepresentation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit disentanglement}: MIG, SAP, DCI, the FactorVAE and β-VAE metrics of a run on data with known factors. */
@Command(
        name = "disentanglement",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Score how well a run's codes (a VAE's posterior means) separate the known factors of its data "
                + "(dsprites, dsprites-small): MIG (Chen et al. 2018), SAP (Kumar et al. 2018), DCI (Eastwood & "
                + "Williams 2018), the FactorVAE metric (Kim & Mnih 2018) and the β-VAE metric (Higgins et al. 2017), "
                + "with disentanglement_lib's settings; prints each metric's settings, a table and a JSON line.")
final class DisentanglementCommand extends RunCommand {

    @Option(
            names = "--metrics",
            paramLabel = "LIST",
            split = ",",
            description = "Metrics to compute, of mig, sap, dci, factorvae, betavae (default all).")
    List<String> metrics = List.of();

    @Option(
            names = "--fraction",
            paramLabel = "F",
            description = "Use F times each metric's default numbers of observations and votes, for a quick look "
                    + "(default ${DEFAULT-VALUE}: disentanglement_lib's settings).")
    double fraction = 1;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of every metric's draws (default ${DEFAULT-VALUE}).")
    long seed = 0;

    @Override
    public Integer call() {
        List<DisentanglementMetric> chosen = MetricSuite.of(metrics, fraction);
        try (LoadedRun loaded = load()) {
            String dataset = loaded.checkpoint.config().data().dataset();
            FactorData data = FactorDatasets.factors(dataset)
                    .orElseThrow(() -> new InvalidInputException(run + " was trained on " + dataset + ", which has no "
                            + "ground-truth factors; disentanglement needs a run on one of " + FactorDatasets.NAMES));
            ModelRepresentation representation = ModelRepresentation.of(loaded.checkpoint.model());
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    Locale.ROOT,
                    "%s: %s (%s) on %s, %d observations of %d factors; seed %d%n",
                    run,
                    representation.describe(),
                    loaded.weightsDescription(),
                    data.name(),
                    data.size(),
                    data.varyingFactors().length,
                    seed);
            for (DisentanglementMetric m : chosen) {
                out.printf("settings of %s: %s%n", m.name(), settingsText(m.settings()));
            }
            out.flush();
            DisentanglementReport report = DisentanglementReport.run(data, representation, chosen, seed);
            out.print(report.toTable());
            out.println(report.toJsonLine());
            out.flush();
        }
        return 0;
    }

    /** @return a settings record as {@code name=value} pairs, nested records flattened with dots */
    static String settingsText(Record settings) {
        StringBuilder sb = new StringBuilder();
        append("", settings, sb);
        return sb.toString().trim();
    }

    private static void append(String prefix, Record record, StringBuilder sb) {
        for (var c : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value instanceof Record nested) {
                append(prefix + c.getName() + ".", nested, sb);
            } else {
                sb.append(' ').append(prefix).append(c.getName()).append('=').append(value);
            }
        }
    }
}
