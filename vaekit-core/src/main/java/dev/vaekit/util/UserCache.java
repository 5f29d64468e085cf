package dev.vaekit.util;

import java.nio.file.Path;
import java.util.Map;

/** vaekit's per-user cache folder, where downloaded data sets and decoded image caches live. */
public final class UserCache {

    private UserCache() {}

    /**
     * The per-user cache folder of vaekit, following the XDG base directory specification.
     *
     * @param env environment variables ({@code XDG_CACHE_HOME}, {@code HOME})
     * @return {@code ${XDG_CACHE_HOME:-$HOME/.cache}/vaekit}; a relative {@code XDG_CACHE_HOME} is ignored, as the
     *     specification requires, and without {@code HOME} the JVM's {@code user.home} stands in
     */
    public static Path root(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg).resolve("vaekit");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".cache", "vaekit");
    }
}
