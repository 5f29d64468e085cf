/**
 * Folders of image files as data sets larger than memory.
 *
 * <ul>
 *   <li>{@link dev.vaekit.data.images.ImageDecoder}: one PNG, JPEG, GIF or BMP file (found by content) to 8-bit
 *       channels-first pixels by the conversions of {@link dev.vaekit.data.images.DecodeSettings}, with a pixel limit
 *       checked against the header before anything is allocated; PNG, GIF and BMP by the JDK's ImageIO readers, JPEG
 *       by TwelveMonkeys ImageIO (CMYK, YCCK, lossless).
 *   <li>{@link dev.vaekit.data.images.ImageResizer}: short side to {@code S}, centre crop to {@code S × S}; exact
 *       area averaging when shrinking, bilinear when enlarging.
 *   <li>{@link dev.vaekit.data.images.ImageFolder}: the files of a folder, labels from class sub-folders, links and
 *       files that are refused.
 *   <li>{@link dev.vaekit.data.images.ImageFolderData}: the folder decoded once into a checked cache file in vaekit's
 *       cache folder, read in batches with positional reads; skipped files reported one line each, or refused in strict
 *       mode; a hash of the image list; a seeded train/test split.
 * </ul>
 *
 * <p>This package depends on nothing of {@code dev.vaekit.data}, so that {@code data} may use it ({@link
 * dev.vaekit.data.ImageFolderSource} reads a folder's cache as a {@link dev.vaekit.data.DataSource}).
 */
package dev.vaekit.data.images;
