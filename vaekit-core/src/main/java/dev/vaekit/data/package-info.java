/**
 * Data sets: {@link dev.vaekit.data.DataSource}, rows read in batches, and its in-memory table {@link
 * dev.vaekit.data.Dataset}; readers for IDX ({@link dev.vaekit.data.IdxReader})
 * and CSV ({@link dev.vaekit.data.CsvReader}) files, the named data sets of {@link dev.vaekit.data.Datasets}
 * ({@code mnist}, {@code fashion-mnist}, the embedded {@code mnist-mini}, {@code csv:PATH}), binarization
 * ({@link dev.vaekit.data.Binarization}) and seeded train/validation splits ({@link dev.vaekit.data.Splits}). Folders
 * of images are read by {@link dev.vaekit.data.images}; {@link dev.vaekit.data.ImageFolderSource} reads them from
 * their 8-bit cache file without holding them in memory, and {@link dev.vaekit.data.ColouredMnist} generates a colour image set from MNIST.
 *
 * <p>Readers never trust sizes written in a file: malformed input fails with a one-line
 * {@link dev.vaekit.InvalidInputException} naming the file, the position and what was expected and found.
 */
package dev.vaekit.data;
