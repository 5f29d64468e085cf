package dev.vaekit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What the explorer's API answers for a trained 784-32-2 VAE. */
class ExplorerApiTest {
    @RegisterExtension
    static final RunningExplorer EXPLORER =
            new RunningExplorer(() -> ExplorerConfig.of(TinyRun.folder()).withPort(0));

    private static JsonNode get(String target) {
        return EXPLORER.json(target);
    }

    private static List<Integer> pixels(JsonNode image) {
        return RunningExplorer.pixels(image);
    }

    @Test
    void theRunIsDescribed() {
        JsonNode info = get("/api/info");
        assertThat(info.get("ready").asBoolean()).isTrue();
        assertThat(info.get("model").asString()).isEqualTo("dense-vae");
        assertThat(info.get("latentDim").asInt()).isEqualTo(2);
        assertThat(info.get("weights").asString()).contains("epoch");
        assertThat(info.get("testImages").asInt()).isPositive();
    }

    @Test
    void thePageAndItsFilesAreServed() {
        Http.Response page = Http.get(EXPLORER.port(), "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get("content-type")).startsWith("text/html");
        assertThat(page.body()).contains("<canvas id=\"map\"");
        assertThat(page.headers().get("content-security-policy")).contains("default-src 'self'");
        assertThat(Http.get(EXPLORER.port(), "/app.js").body()).contains("EventSource");
        assertThat(Http.get(EXPLORER.port(), "/app.css").headers().get("content-type"))
                .startsWith("text/css");
    }

    @Test
    void everyTestImageHasAPointAndALabel() {
        JsonNode points = get("/api/points");
        int n = get("/api/info").get("testImages").asInt();
        assertThat(points.get("u").size()).isEqualTo(n);
        assertThat(points.get("v").size()).isEqualTo(n);
        assertThat(points.get("labels").size()).isEqualTo(n);
        assertThat(points.get("axes").get(0).asString()).isEqualTo("z₁");
        points.get("labels").forEach(l -> assertThat(l.asInt()).isBetween(0, 9));
    }

    @Test
    void decodingGivesAnImageThatDependsOnThePoint() {
        JsonNode a = get("/api/decode?u=-3&v=-3");
        JsonNode b = get("/api/decode?u=3&v=3");
        assertThat(a.get("width").asInt()).isEqualTo(28);
        assertThat(pixels(a)).hasSize(784).allSatisfy(p -> assertThat(p).isBetween(0, 255));
        assertThat(pixels(a)).isNotEqualTo(pixels(b));
        assertThat(pixels(get("/api/decode?u=-3&v=-3"))).isEqualTo(pixels(a));
    }

    @Test
    void anInterpolationStartsAndEndsAtThePickedImagesCodes() {
        JsonNode points = get("/api/points");
        JsonNode path = get("/api/interpolate?from=3&to=8&steps=5").get("images");
        assertThat(path.size()).isEqualTo(5);
        JsonNode atA = get("/api/decode?u=" + points.get("u").get(3).asDouble() + "&v="
                + points.get("v").get(3).asDouble());
        JsonNode atB = get("/api/decode?u=" + points.get("u").get(8).asDouble() + "&v="
                + points.get("v").get(8).asDouble());
        assertThat(pixels(path.get(0))).isEqualTo(pixels(atA));
        assertThat(pixels(path.get(4))).isEqualTo(pixels(atB));
    }

    @Test
    void samplesRepeatWithTheirSeedAndChangeWithTheTemperature() {
        JsonNode first = get("/api/samples?n=4&temperature=1&seed=7").get("images");
        JsonNode again = get("/api/samples?n=4&temperature=1&seed=7").get("images");
        JsonNode colder = get("/api/samples?n=4&temperature=0.2&seed=7").get("images");
        assertThat(first.size()).isEqualTo(4);
        assertThat(pixels(again.get(0))).isEqualTo(pixels(first.get(0)));
        assertThat(pixels(colder.get(0))).isNotEqualTo(pixels(first.get(0)));
    }

    @Test
    void anomaliesComeLowestLikelihoodFirstWithTheirEstimator() {
        JsonNode a = get("/api/anomalies?n=5");
        assertThat(a.get("estimator").asString()).contains("k = " + ExplorerSession.ANOMALY_SAMPLES);
        double previous = Double.NEGATIVE_INFINITY;
        for (JsonNode s : a.get("scores")) {
            assertThat(s.asDouble()).isLessThan(0).isGreaterThanOrEqualTo(previous);
            previous = s.asDouble();
        }
        int worst = a.get("indices").get(0).asInt();
        assertThat(pixels(get("/api/example?index=" + worst))).hasSize(784);
    }

    @Test
    void theCurvesListEveryEpoch() {
        JsonNode epochs = get("/api/metrics").get("epochs");
        assertThat(epochs.size()).isEqualTo(3);
        assertThat(epochs.get(2).get("epoch").asInt()).isEqualTo(3);
        assertThat(epochs.get(2).get("trainLoss").asDouble()).isPositive();
    }
}
