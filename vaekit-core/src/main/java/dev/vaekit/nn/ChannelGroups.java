package dev.vaekit.nn;

import java.util.Arrays;

/**
 * Which colour each channel of a PixelCNN's feature maps belongs to, for the channel masks of van den Oord et al. 2016,
 * "Pixel Recurrent Neural Networks", §3.4: the colours of a pixel are ordered (R before G before B) and the feature
 * channels split into as many groups, so that the features of colour g at a pixel carry that pixel's colours before g
 * alone and the outputs that predict colour g read only them. At the centre of a masked convolution (the pixel itself),
 * a connection from input channel i to output channel o is kept when
 *
 * <pre>
 *   type A: colour(i) &lt; colour(o)      (the first layer, which reads the image: colour g must not see its own value)
 *   type B: colour(i) ≤ colour(o)      (the later layers, whose group-g features already exclude colour g's value)
 * </pre>
 *
 * Connections from other pixels are not restricted by colour. With one colour (grey images) type A keeps no centre
 * connection and type B keeps all, the spatial masks of {@link MaskedConv2d} alone.
 */
public final class ChannelGroups {
    private final int[] colours;
    private final int colourCount;

    private ChannelGroups(int[] colours, int colourCount) {
        this.colours = colours;
        this.colourCount = colourCount;
    }

    /**
     * @param colours the colour of each channel, each in [0, colourCount)
     * @param colourCount the number of colours C ≥ 1
     * @return the groups
     */
    public static ChannelGroups of(int[] colours, int colourCount) {
        if (colourCount < 1) {
            throw new IllegalArgumentException("at least one colour is needed, got " + colourCount);
        }
        for (int colour : colours) {
            if (colour < 0 || colour >= colourCount) {
                throw new IllegalArgumentException(
                        "a channel's colour must be in [0, " + colourCount + "), got " + colour);
            }
        }
        return new ChannelGroups(colours.clone(), colourCount);
    }

    /**
     * The image's own channels: channel c is colour c.
     *
     * @param colourCount C
     * @return C channels, colours 0, 1, …, C − 1
     */
    public static ChannelGroups image(int colourCount) {
        int[] colours = new int[colourCount];
        for (int c = 0; c < colourCount; c++) {
            colours[c] = c;
        }
        return of(colours, colourCount);
    }

    /**
     * Feature channels split into C contiguous groups of as equal sizes as possible: channel k is colour ⌊k·C / n⌋.
     *
     * @param channels n, at least C, so that every colour has a channel
     * @param colourCount C
     * @return the groups
     */
    public static ChannelGroups contiguous(int channels, int colourCount) {
        if (channels < colourCount) {
            throw new IllegalArgumentException(
                    channels + " channels cannot hold a group for each of " + colourCount + " colours");
        }
        int[] colours = new int[channels];
        for (int k = 0; k < channels; k++) {
            colours[k] = (int) ((long) k * colourCount / channels);
        }
        return of(colours, colourCount);
    }

    /**
     * The groups of a gated unit's pre-activation (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN
     * Decoders", eq. 2): 2n channels, the tanh half [0, n) and the gate half [n, 2n) each grouped as these n, so that
     * output k of the gate, tanh(a_k) ⊙ σ(a_{n+k}), stays in channel k's colour.
     *
     * @return 2n channels
     */
    public ChannelGroups gated() {
        int n = colours.length;
        int[] doubled = Arrays.copyOf(colours, 2 * n);
        System.arraycopy(colours, 0, doubled, n, n);
        return new ChannelGroups(doubled, colourCount);
    }

    /** @return the number of channels */
    public int size() {
        return colours.length;
    }

    /** @return the number of colours C */
    public int colourCount() {
        return colourCount;
    }

    /**
     * @param channel a channel
     * @return its colour
     */
    public int colour(int channel) {
        return colours[channel];
    }

    /**
     * The connections a mask keeps at the centre pixel.
     *
     * @param in the input channels' groups
     * @param out the output channels' groups
     * @param type A (colour(i) &lt; colour(o)) or B (colour(i) ≤ colour(o))
     * @return [o][i], true where output o may read input i of the same pixel
     */
    public static boolean[][] centre(ChannelGroups in, ChannelGroups out, MaskedConv2d.MaskType type) {
        if (in.colourCount != out.colourCount) {
            throw new IllegalArgumentException("input and output channels must split into the same colours, got "
                    + in.colourCount + " and " + out.colourCount);
        }
        boolean[][] allowed = new boolean[out.size()][in.size()];
        for (int o = 0; o < out.size(); o++) {
            for (int i = 0; i < in.size(); i++) {
                allowed[o][i] = type == MaskedConv2d.MaskType.A
                        ? in.colours[i] < out.colours[o]
                        : in.colours[i] <= out.colours[o];
            }
        }
        return allowed;
    }
}
