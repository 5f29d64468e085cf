package dev.vaekit.viz;

import dev.vaekit.util.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Pictures side by side, left to right, each under a one-line title: e.g. two {@link ImageGrid}s of the same codes
 * decoded by two models. Titles too wide for their panel are cut with "…".
 */
public final class LabelledPanels {
    /** Height of the title band above the panels, in pixels. */
    public static final int TITLE_HEIGHT = 20;
    /** Space between two panels, in pixels. */
    public static final int SPACING = 10;

    private static final int BACKGROUND = 0x404040;

    private LabelledPanels() {}

    /**
     * @param panels pictures, at least one
     * @param titles one title per panel
     * @return one picture: width Σ widths + SPACING·(panels − 1), height TITLE_HEIGHT + the tallest panel
     */
    public static BufferedImage render(List<BufferedImage> panels, List<String> titles) {
        if (panels.isEmpty() || panels.size() != titles.size()) {
            throw new IllegalArgumentException(panels.size() + " panels and " + titles.size() + " titles");
        }
        int width = SPACING * (panels.size() - 1);
        int height = 0;
        for (BufferedImage p : panels) {
            width += p.getWidth();
            height = Math.max(height, p.getHeight());
        }
        BufferedImage out = new BufferedImage(width, TITLE_HEIGHT + height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(BACKGROUND));
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.WHITE);
            FontMetrics metrics = g.getFontMetrics();
            int baseline = (TITLE_HEIGHT + metrics.getAscent() - metrics.getDescent()) / 2;
            int x = 0;
            for (int i = 0; i < panels.size(); i++) {
                BufferedImage p = panels.get(i);
                g.drawString(fit(titles.get(i), metrics, p.getWidth() - 4), x + 2, baseline);
                g.drawImage(p, x, TITLE_HEIGHT, null);
                x += p.getWidth() + SPACING;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Renders the panels and writes them as one PNG (atomically). */
    public static void write(List<BufferedImage> panels, List<String> titles, Path file) {
        BufferedImage picture = render(panels, titles);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new java.io.IOException("no PNG writer available");
            }
        });
    }

    /** The title, shortened with "…" until it fits {@code width} pixels. */
    private static String fit(String title, FontMetrics metrics, int width) {
        if (metrics.stringWidth(title) <= width) {
            return title;
        }
        String t = title;
        while (!t.isEmpty() && metrics.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
