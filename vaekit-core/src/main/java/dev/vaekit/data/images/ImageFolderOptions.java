package dev.vaekit.data.images;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.UserCache;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a folder of images is read and cached.
 *
 * @param decode channels, size, background and pixel limit of every image
 * @param strict {@code false}: a file that cannot be read is skipped with one line naming it, and the skips are
 *     counted in one summary line; {@code true}: the first such file refuses the whole data set
 * @param cacheRoot the folder that holds the decoded caches, or {@code null} for {@link #defaultCacheRoot(Map)} of
 *     the process's environment
 * @param threads how many threads decode images while a cache is built, at least 1
 * @param verifyCache whether opening an existing cache also checks the checksum of all its pixels (reading them all
 *     once), beside the header, metadata and length checks that are always made
 */
public record ImageFolderOptions(
        DecodeSettings decode, boolean strict, Path cacheRoot, int threads, boolean verifyCache) {

    /** Validates every field. */
    public ImageFolderOptions {
        if (decode == null) {
            throw new InvalidInputException("image decode settings must be set");
        }
        if (threads < 1) {
            throw new InvalidInputException("image decoding threads: expected at least 1, found " + threads);
        }
    }

    /**
     * @param decode the decode settings
     * @return lenient options: the default cache folder, one thread per processor, pixels verified
     */
    public static ImageFolderOptions of(DecodeSettings decode) {
        return new ImageFolderOptions(decode, false, null, Runtime.getRuntime().availableProcessors(), true);
    }

    /**
     * @param newStrict strict or lenient
     * @return these options, strict or lenient
     */
    public ImageFolderOptions withStrict(boolean newStrict) {
        return new ImageFolderOptions(decode, newStrict, cacheRoot, threads, verifyCache);
    }

    /**
     * @param newCacheRoot the cache folder, or {@code null} for the default
     * @return these options with another cache folder
     */
    public ImageFolderOptions withCacheRoot(Path newCacheRoot) {
        return new ImageFolderOptions(decode, strict, newCacheRoot, threads, verifyCache);
    }

    /**
     * @param newThreads decoding threads
     * @return these options with another thread count
     */
    public ImageFolderOptions withThreads(int newThreads) {
        return new ImageFolderOptions(decode, strict, cacheRoot, newThreads, verifyCache);
    }

    /**
     * The default cache folder, beside vaekit's data set cache.
     *
     * @param env environment variables ({@code XDG_CACHE_HOME}, {@code HOME})
     * @return {@code ${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/images}; a relative {@code XDG_CACHE_HOME} is ignored, as
     *     the XDG specification requires
     */
    public static Path defaultCacheRoot(Map<String, String> env) {
        return UserCache.root(env).resolve("images");
    }

    /** @return the cache folder these options name, or the default one of the process's environment */
    public Path resolvedCacheRoot() {
        return cacheRoot != null ? cacheRoot : defaultCacheRoot(System.getenv());
    }
}
