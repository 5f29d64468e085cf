package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.images.ImageFolderData;

/**
 * In-memory {@link Dataset}s from a folder of images ({@link ImageFolderData}), for folders small enough to hold as
 * one float array; larger ones are read in batches from {@link ImageFolderData#read(int[], float[])}.
 */
public final class ImageFolderDatasets {

    /** The most values one in-memory data set holds: the largest Java array. */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private ImageFolderDatasets() {}

    /**
     * @param data the folder's images
     * @param rows the images to copy, in this order
     * @param name the data set's name, e.g. {@code folder:photos/train}
     * @return the images as values {@code v / 255}, channels first, with their labels when the folder has classes
     * @throws InvalidInputException if the images would not fit in one array
     */
    public static Dataset toDataset(ImageFolderData data, int[] rows, String name) {
        long values = (long) rows.length * data.dim();
        if (values > MAX_VALUES) {
            throw new InvalidInputException(name + ": " + rows.length + " images of " + data.dim() + " values are "
                    + values + " values, more than one in-memory data set holds (" + MAX_VALUES + "); expected"
                    + " fewer images, a smaller image size, or reading in batches");
        }
        float[] features = new float[(int) values];
        data.read(rows, features);
        return new Dataset(name, features, data.labels(rows), data.channels(), data.height(), data.width());
    }

    /**
     * @param data the folder's images
     * @param name the data set's name
     * @return all images, in row order
     */
    public static Dataset toDataset(ImageFolderData data, String name) {
        int[] rows = new int[data.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return toDataset(data, rows, name);
    }
}
