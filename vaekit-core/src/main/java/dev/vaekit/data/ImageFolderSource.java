package dev.vaekit.data;

import dev.vaekit.data.images.ImageFolderData;
import java.util.List;

/**
 * The images of a folder as a {@link DataSource}: read in batches from their 8-bit cache file as values
 * v/255, so a folder larger than memory trains, validates and evaluates without being held as floats.
 */
public final class ImageFolderSource implements DataSource {
    private final ImageFolderData images;
    private final int[] labels;

    /** @param images an opened image folder */
    public ImageFolderSource(ImageFolderData images) {
        this.images = images;
        if (images.hasLabels()) {
            int[] all = new int[images.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            this.labels = images.labels(all);
        } else {
            this.labels = null;
        }
    }

    /** @return the folder's images and their cache */
    public ImageFolderData images() {
        return images;
    }

    /** @return the class names, by label number (the sorted sub-folder names), or an empty list */
    public List<String> labelNames() {
        return images.labelNames();
    }

    @Override
    public String name() {
        return images.name();
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int channels() {
        return images.channels();
    }

    @Override
    public int height() {
        return images.height();
    }

    @Override
    public int width() {
        return images.width();
    }

    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    @Override
    public void read(int[] rows, float[] dst) {
        images.read(rows, dst);
    }
}
