package dev.vaekit.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Beyond loopback the explorer needs its access token: given once in the address, then kept in a cookie. */
class ExplorerTokenTest {
    private static Explorer explorer;
    private static int port;
    private static String token;

    @BeforeAll
    static void start() {
        // every interface: not loopback, so a token is required (the test still connects through 127.0.0.1)
        explorer = Explorer.start(new ExplorerConfig(TinyRun.folder(), null, "0.0.0.0", 0, 500));
        port = explorer.port();
        URI url = explorer.url();
        assertThat(url.getQuery()).startsWith("token=");
        token = url.getQuery().substring("token=".length());
    }

    @AfterAll
    static void stop() {
        explorer.close();
    }

    private static Http.Response get(String target, Map<String, String> headers) {
        return Http.request(port, "GET", target, "127.0.0.1:" + port, headers);
    }

    @Test
    void theTokenIsLongAndRandom() {
        assertThat(token).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void withoutTheTokenNothingIsServed() {
        for (String target : new String[] {"/", "/app.js", "/api/info", "/api/decode?u=0&v=0", "/api/events"}) {
            assertThat(get(target, Map.of()).status()).as(target).isEqualTo(401);
        }
        assertThat(get("/api/info?token=wrong", Map.of()).status()).isEqualTo(401);
        assertThat(get("/api/info?token=" + token.substring(1), Map.of()).status())
                .isEqualTo(401);
        assertThat(get("/api/info", Map.of("Cookie", "vaekit_token=nope")).status())
                .isEqualTo(401);
    }

    @Test
    void theTokenOpensThePageAndItsCookieTheRest() {
        Http.Response page = get("/?token=" + token, Map.of());
        assertThat(page.status()).isEqualTo(200);
        String cookie = page.headers().get("set-cookie");
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        String value = cookie.substring(0, cookie.indexOf(';'));
        assertThat(get("/api/info", Map.of("Cookie", value)).status()).isEqualTo(200);
        assertThat(get("/app.js", Map.of("Cookie", "other=1; " + value)).status())
                .isEqualTo(200);
    }
}
