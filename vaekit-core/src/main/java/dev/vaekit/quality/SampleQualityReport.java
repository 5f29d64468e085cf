package dev.vaekit.quality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sample-quality scores of one or more sets of rows beside each other, printed as a table for people and as one JSON
 * line for programs.
 *
 * @param classifier the feature classifier the scores were measured with
 * @param classifierTrained whether it was trained by this run rather than read from the cache
 * @param rows the scored sets, in the order printed
 */
public record SampleQualityReport(ClassifierInfo classifier, boolean classifierTrained, List<Row> rows) {

    /** What every table and JSON line says about the numbers. */
    public static final String NOT_INCEPTION = "these are not Inception FIDs: the features are vaekit's own "
            + "classifier's, so the numbers compare only with sample-quality numbers of the same data set and "
            + "classifier, never with published FIDs";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * One scored set of rows.
     *
     * @param name its key in the JSON line, e.g. {@code samples} or {@code reference}
     * @param label its name in the table, e.g. {@code model samples}
     * @param scores its scores
     */
    public record Row(String name, String label, SampleQualityScores scores) {}

    /** Copies the rows. */
    public SampleQualityReport {
        rows = List.copyOf(rows);
    }

    /** @return a header and one line per row: n, the Fréchet distance with its two terms, precision and recall */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        String format = "%-24s %6s %12s %12s %12s %9s %7s%n";
        sb.append(String.format(
                Locale.ROOT, format, "", "n", "Fréchet d.", "mean term", "cov. term", "precision", "recall"));
        for (Row r : rows) {
            SampleQualityScores s = r.scores();
            sb.append(String.format(
                    Locale.ROOT,
                    format,
                    r.label(),
                    s.n(),
                    String.format(Locale.ROOT, "%.4f", s.frechetDistance()),
                    String.format(Locale.ROOT, "%.4f", s.frechet().meanTerm()),
                    String.format(Locale.ROOT, "%.4f", s.frechet().covarianceTerm()),
                    String.format(Locale.ROOT, "%.4f", s.precision()),
                    String.format(Locale.ROOT, "%.4f", s.recall())));
        }
        return sb.toString();
    }

    /**
     * @param context fields put first, e.g. the run, its data set, the seed and the temperature
     * @return the report as one line of JSON: the context, {@code note}, {@code classifier} (its description and test
     *     accuracy) and {@code scores} by row name, each with n, k, frechetDistance, meanTerm, covarianceTerm,
     *     precision, recall and seconds
     */
    public String toJsonLine(Map<String, Object> context) {
        ObjectNode root = JSON.createObjectNode();
        for (Map.Entry<String, Object> e : context.entrySet()) {
            root.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        root.put("note", NOT_INCEPTION);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("key", classifier.key());
        c.put("architecture", classifier.architecture());
        c.put("featureDim", classifier.featureDim());
        c.put("classes", classifier.classes());
        c.put("testAccuracy", classifier.testAccuracy());
        c.put("trainImages", classifier.trainImages());
        c.put("testImages", classifier.testImages());
        c.put("epochs", classifier.epochs());
        c.put("batchSize", classifier.batchSize());
        c.put("learningRate", classifier.learningRate());
        c.put("seed", classifier.seed());
        c.put("version", classifier.version());
        c.put("trainedNow", classifierTrained);
        root.set("classifier", JSON.valueToTree(c));
        ObjectNode scores = root.putObject("scores");
        for (Row r : rows) {
            SampleQualityScores s = r.scores();
            ObjectNode o = scores.putObject(r.name());
            o.put("n", s.n());
            o.put("k", s.k());
            o.put("frechetDistance", s.frechetDistance());
            o.put("meanTerm", s.frechet().meanTerm());
            o.put("covarianceTerm", s.frechet().covarianceTerm());
            o.put("precision", s.precision());
            o.put("recall", s.recall());
            o.put("seconds", s.seconds());
        }
        return JSON.writeValueAsString(root);
    }
}
