package dev.vaekit.eval.disentanglement;

import dev.vaekit.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses disentanglement metrics by name, with their default settings ({@link DisentanglementReport#defaultMetrics()},
 * disentanglement_lib's) or with every sample size scaled down for a quick look: numbers of observations, votes and
 * examples times a fraction, batch sizes, bins, regularisation and boosting unchanged. Scores at a fraction below 1 are
 * noisier and, for MIG, biased upwards (the plug-in mutual information of fewer observations); compare runs at the same
 * fraction.
 */
public final class MetricSuite {
    /** The metrics' names, in the order they run. */
    public static final List<String> NAMES = List.of("mig", "sap", "dci", "factorvae", "betavae");

    private MetricSuite() {}

    /**
     * @param names metric names from {@link #NAMES}, each at most once; empty for all of them
     * @param fraction in (0, 1]: the share of each default sample size to use
     * @return the metrics, in the order of {@link #NAMES}
     * @throws InvalidInputException naming the bad name or fraction
     */
    public static List<DisentanglementMetric> of(List<String> names, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new InvalidInputException("--fraction must be in (0, 1], got " + fraction);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : names) {
            String name = n.trim().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw new InvalidInputException("--metrics: unknown metric '" + n + "'; expected some of " + NAMES);
            }
            if (!wanted.add(name)) {
                throw new InvalidInputException("--metrics: " + name + " is named twice");
            }
        }
        List<DisentanglementMetric> out = new ArrayList<>();
        for (String name : NAMES) {
            if (wanted.isEmpty() || wanted.contains(name)) {
                out.add(metric(name, fraction));
            }
        }
        return out;
    }

    private static DisentanglementMetric metric(String name, double f) {
        return switch (name) {
            case "mig" -> {
                Mig.Settings d = Mig.Settings.defaults();
                yield new Mig(new Mig.Settings(scaled(d.numTrain(), f, 2), d.bins()));
            }
            case "sap" -> {
                SapScore.Settings d = SapScore.Settings.defaults();
                yield new SapScore(
                        new SapScore.Settings(scaled(d.numTrain(), f, 2), scaled(d.numTest(), f, 1), d.svmC()));
            }
            case "dci" -> {
                Dci.Settings d = Dci.Settings.defaults();
                yield new Dci(new Dci.Settings(scaled(d.numTrain(), f, 2), scaled(d.numTest(), f, 1), d.boosting()));
            }
            case "factorvae" -> {
                FactorVaeMetric.Settings d = FactorVaeMetric.Settings.defaults();
                yield new FactorVaeMetric(new FactorVaeMetric.Settings(
                        d.batchSize(),
                        scaled(d.numTrain(), f, 1),
                        scaled(d.numEval(), f, 1),
                        scaled(d.numVarianceEstimate(), f, 2),
                        d.pruneThreshold()));
            }
            case "betavae" -> {
                BetaVaeMetric.Settings d = BetaVaeMetric.Settings.defaults();
                yield new BetaVaeMetric(new BetaVaeMetric.Settings(
                        d.batchSize(), scaled(d.numTrain(), f, 2), scaled(d.numEval(), f, 1), d.logisticC()));
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static int scaled(int n, double fraction, int least) {
        return Math.max(least, (int) Math.round(n * fraction));
    }
}
