package dev.vaekit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The explorer's defences on loopback: methods, Host header, paths, parameters, sizes. (The access token, needed
 * beyond loopback, is {@link ExplorerTokenTest}'s.)
 */
class ExplorerSecurityTest {
    @RegisterExtension
    static final RunningExplorer EXPLORER =
            new RunningExplorer(() -> ExplorerConfig.of(TinyRun.folder()).withPort(0));

    private static void refused(String target, int status, String message) {
        Http.Response r = Http.get(EXPLORER.port(), target);
        assertThat(r.status()).as(target).isEqualTo(status);
        assertThat(r.json().get("error").asString()).as(target).contains(message);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void noPathReachesTheFileSystem() {
        for (String target : new String[] {
            "/../pom.xml",
            "/%2e%2e/%2e%2e/pom.xml",
            "/static/../../../../etc/passwd",
            "/..%2f..%2fconfig.json",
            "/config.json",
            "/weights.safetensors",
            "/dev/vaekit/ui/static/app.js",
            "/api/",
            "/static/",
            "/api/../api/info/.."
        }) {
            Http.Response r = Http.get(EXPLORER.port(), target);
            assertThat(r.status()).as(target).isIn(400, 404);
            assertThat(r.body()).as(target).doesNotContain("root:").doesNotContain("\"model\"");
        }
    }

    @Test
    void onlyGetAndHeadAreServed() {
        for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS", "TRACE"}) {
            Http.Response r =
                    Http.request(EXPLORER.port(), method, "/api/info", "127.0.0.1:" + EXPLORER.port(), Map.of());
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.headers().get("allow")).isEqualTo("GET, HEAD");
        }
        Http.Response head =
                Http.request(EXPLORER.port(), "HEAD", "/api/info", "127.0.0.1:" + EXPLORER.port(), Map.of());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aForeignHostHeaderIsRefused() {
        // a page on evil.example that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host
        for (String host : new String[] {
            "evil.example:" + EXPLORER.port(), "127.0.0.1:1", "localhost.evil.example:" + EXPLORER.port()
        }) {
            Http.Response r = Http.request(EXPLORER.port(), "GET", "/api/info", host, Map.of());
            assertThat(r.status()).as(host).isEqualTo(403);
        }
        assertThat(Http.request(EXPLORER.port(), "GET", "/api/info", null, Map.of())
                        .status())
                .isIn(400, 403);
        assertThat(Http.request(EXPLORER.port(), "GET", "/api/info", "localhost:" + EXPLORER.port(), Map.of())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void numbersAreCheckedAndSizesBounded() {
        refused("/api/decode?u=1e300&v=0", 400, "must be in");
        refused("/api/decode?u=NaN&v=0", 400, "must be in");
        refused("/api/decode?u=Infinity&v=0", 400, "must be in");
        refused("/api/decode?u=abc&v=0", 400, "must be a number");
        refused("/api/decode?u=1", 400, "'v' is required");
        refused("/api/samples?n=100000", 400, "must be in [1, 64]");
        refused("/api/samples?n=-1", 400, "must be in");
        refused("/api/samples?temperature=0", 400, "must be in");
        refused("/api/samples?seed=99999999999999999999", 400, "must be an integer");
        refused("/api/interpolate?from=0&to=1&steps=1000000000", 400, "must be in [2, 32]");
        refused("/api/example?index=999999", 400, "index must be in");
        refused("/api/example?index=-5", 400, "must be in");
        refused("/api/decode?u=0&v=0&around=999999", 400, "index must be in");
        refused("/api/anomalies?n=65", 400, "must be in [1, 64]");
    }

    @Test
    void unknownAndRepeatedParametersAreRefused() {
        refused("/api/info?debug=1", 400, "unknown parameter 'debug'");
        refused("/api/decode?u=0&v=0&u=1", 400, "given twice");
        refused("/api/decode?u=0&v=0&path=..%2F..%2Fetc", 400, "unknown parameter 'path'");
        // a malformed escape is refused by the JDK's server before it reaches the explorer
        Http.Response bad = Http.get(EXPLORER.port(), "/api/decode?u=%ZZ&v=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).doesNotContain("\tat ");
    }

    @Test
    void anOverlongRequestIsRefused() {
        refused("/api/info?x=" + "a".repeat(Explorer.MAX_URI), 414, "longer than");
    }

    @Test
    void errorsAreOneLineOfJsonWithoutAStackTrace() {
        Http.Response r = Http.get(EXPLORER.port(), "/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"not found\"}");
    }
}
