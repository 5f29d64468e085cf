package dev.vaekit.train;

import java.util.Map;

/**
 * {@code manifest.json}: what wrote a checkpoint and the SHA-256 of each of its files. Writing the manifest is the
 * commit point of a checkpoint (see {@link Checkpoint}).
 *
 * @param format always {@value Checkpoint#FORMAT}
 * @param formatVersion checkpoint layout version, {@value Checkpoint#FORMAT_VERSION}
 * @param vaekitVersion version of the writer
 * @param djlVersion DJL version of the writer
 * @param pytorchVersion libtorch version of the writer
 * @param seed training seed
 * @param dataset dataset spec trained on
 * @param epochsDone epochs completed when written
 * @param createdAt ISO-8601 instant
 * @param files file name → lower-case hex SHA-256
 */
public record Manifest(
        String format,
        int formatVersion,
        String vaekitVersion,
        String djlVersion,
        String pytorchVersion,
        long seed,
        String dataset,
        int epochsDone,
        String createdAt,
        Map<String, String> files) {}
