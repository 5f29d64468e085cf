// Combines the JSON lines of `vaekit eval --json` over disjoint parts of a test set (--from, --eval-size) into the
// whole set's NLL and standard error, exactly as one evaluation of all of them would report it
// (dev.vaekit.eval.LikelihoodReport.combine), and prints one JSON line. Checks that the parts tile the test set from
// example 0 without a gap or an overlap. Run in Java's source-file mode on the CLI jar:
//
//   java -cp vaekit-cli/target/vaekit-cli-0.1.0-SNAPSHOT.jar bench/CombineEval.java PARTS.jsonl
//
// Benchmark code: bench/eval-parts.sh runs it.

import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.train.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

public class CombineEval {
    public static void main(String[] args) throws Exception {
        List<JsonNode> parts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                parts.add(Configs.json().readTree(line));
            }
        }
        parts.sort(Comparator.comparingInt(p -> p.get("firstExample").asInt()));
        int next = 0;
        List<LikelihoodReport> reports = new ArrayList<>();
        for (JsonNode p : parts) {
            if (p.get("firstExample").asInt() != next) {
                throw new IllegalStateException("the parts do not tile the test set: expected one from example " + next
                        + ", found one from " + p.get("firstExample").asInt());
            }
            next += p.get("testSize").asInt();
            reports.add(new LikelihoodReport(
                    p.get("estimator").asString(),
                    p.get("nll").asDouble(),
                    p.get("nllStdErr").asDouble(),
                    p.get("bitsPerDim").asDouble(),
                    p.get("k").asInt(),
                    p.get("testSize").asInt(),
                    p.get("dim").asInt(),
                    p.get("seed").asLong(),
                    p.get("seconds").asDouble(),
                    Map.of()));
        }
        LikelihoodReport whole = LikelihoodReport.combine(reports);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run", parts.get(0).get("run").asString());
        o.put("parts", parts.size());
        o.put("testSize", whole.n());
        o.put("estimator", whole.estimator());
        o.put("k", whole.k());
        o.put("nll", whole.nll());
        o.put("nllStdErr", whole.nllStdErr());
        o.put("bitsPerDim", whole.bitsPerDim());
        o.put("seed", whole.seed());
        o.put("seconds", whole.seconds());
        System.out.println(Configs.json()
                .writer()
                .withoutFeatures(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(o));
    }
}
