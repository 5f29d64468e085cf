package dev.vaekit.samplers;

import dev.vaekit.InvalidInputException;
import dev.vaekit.baselines.FeatureMoments;
import java.util.Map;

/**
 * What a sampler folder's {@code sampler.json} holds: what was fitted, to which codes, how well it scores held-out
 * codes, and the SHA-256 of every other file of the folder, which {@link LatentSampler#load} checks before reading
 * them.
 *
 * @param format {@value #FORMAT}
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param vaekit the version of vaekit that wrote it
 * @param kind the density
 * @param dim d, the size of the codes
 * @param config how it was fitted
 * @param description the fitted density in words, e.g. {@code GMM, full covariances, K = 4 (BIC among 1, 2, 4)}
 * @param components for {@code gmm}: the number K of components fitted; 0 for the other kinds
 * @param scaling for {@code maf} and {@code two-stage}: the fitted codes' mean and standard deviation per dimension,
 *     by which the codes are standardised before the density sees them; null for {@code gmm}
 * @param fitCodes how many codes the density was fitted to
 * @param heldOut its log-likelihood of the held-out codes
 * @param standardNormal N(0, I)'s log-likelihood of the same held-out codes, for comparison
 * @param source the run weights whose codes these are, or null when it was fitted to codes given directly
 * @param created when it was fitted, ISO-8601
 * @param files file name (relative to the folder) → lower-case hex SHA-256; empty before the sampler is saved
 */
public record SamplerSpec(
        String format,
        int formatVersion,
        String vaekit,
        SamplerKind kind,
        int dim,
        SamplerConfig config,
        String description,
        int components,
        FeatureMoments scaling,
        int fitCodes,
        HeldOutScore heldOut,
        HeldOutScore standardNormal,
        SamplerSource source,
        String created,
        Map<String, String> files) {

    /** The format name in {@code sampler.json}. */
    public static final String FORMAT = "vaekit-sampler";

    /** The format version this vaekit reads and writes. */
    public static final int FORMAT_VERSION = 1;

    /** Validates the fields and their agreement. */
    public SamplerSpec {
        if (!FORMAT.equals(format) || formatVersion != FORMAT_VERSION) {
            throw new InvalidInputException("unsupported sampler format '" + format + "' version " + formatVersion
                    + "; this vaekit reads " + FORMAT + " version " + FORMAT_VERSION);
        }
        if (kind == null || config == null || config.kind() != kind) {
            throw new InvalidInputException("a sampler needs its kind and a config of that kind, got " + kind + " and "
                    + (config == null ? null : config.kind()));
        }
        if (dim < 1 || dim > SamplerConfig.MAX_COUNT) {
            throw new InvalidInputException(
                    "a sampler's dim must be in [1, " + SamplerConfig.MAX_COUNT + "], got " + dim);
        }
        if (description == null || heldOut == null || standardNormal == null || created == null) {
            throw new InvalidInputException(
                    "a sampler needs its description, heldOut, standardNormal and created fields");
        }
        if ((kind == SamplerKind.GMM) != (components >= 1) || components > SamplerConfig.MAX_COUNT) {
            throw new InvalidInputException("a sampler's components must be the fitted K >= 1 for gmm and 0 for the "
                    + "other kinds, got " + components + " for " + kind.id());
        }
        if ((kind == SamplerKind.GMM) != (scaling == null)) {
            throw new InvalidInputException(
                    "a " + kind.id() + " sampler " + (scaling == null ? "needs" : "has no") + " scaling");
        }
        if (scaling != null) {
            checkScaling(scaling, dim);
        }
        if (fitCodes < 2) {
            throw new InvalidInputException("a sampler is fitted to at least 2 codes, got " + fitCodes);
        }
        if (files == null) {
            throw new InvalidInputException("a sampler needs its files field (name -> SHA-256)");
        }
        files = Map.copyOf(files);
    }

    private static void checkScaling(FeatureMoments scaling, int dim) {
        if (scaling.mean() == null
                || scaling.sd() == null
                || scaling.mean().length != dim
                || scaling.sd().length != dim) {
            throw new InvalidInputException("a sampler's scaling needs a mean and an sd of " + dim + " values each");
        }
        for (int j = 0; j < dim; j++) {
            if (!Double.isFinite(scaling.mean()[j]) || !(scaling.sd()[j] > 0) || Double.isInfinite(scaling.sd()[j])) {
                throw new InvalidInputException("a sampler's scaling needs finite means and finite sd > 0; dimension "
                        + j + " has " + scaling.mean()[j] + " and " + scaling.sd()[j]);
            }
        }
    }

    /**
     * @param hashes file name → SHA-256 of the files written beside it
     * @return a copy listing those files
     */
    SamplerSpec withFiles(Map<String, String> hashes) {
        return new SamplerSpec(
                format,
                formatVersion,
                vaekit,
                kind,
                dim,
                config,
                description,
                components,
                scaling,
                fitCodes,
                heldOut,
                standardNormal,
                source,
                created,
                hashes);
    }
}
