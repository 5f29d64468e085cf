package dev.vaekit.compress;

/**
 * What compressing a sequence cost, bit by bit. The identity behind it: the message's content (log₂ of the rANS state
 * plus 32 bits a word) starts at {@link #initialBits} and grows by each example's ideal code length, up to the rANS
 * rounding ({@link #codingOverheadBits}); storing it takes {@link #payloadBits}, and the container adds its header
 * and checksum.
 *
 * @param examples n
 * @param features D, the features of an example
 * @param fileBytes the whole file
 * @param payloadBits the stored rANS message: 64 bits of state and 32 a word
 * @param contentBits the message's content at the end, log₂ x + 32 · words
 * @param initialBits the content that came from the seed and that decoding gives back: log₂ of the initial state plus
 *     32 bits per word drawn when a pop found the stack empty (the first example's bits back, Townsend et al. 2019,
 *     section 2.3: all of them for BB-ANS, which pops every latent layer before it pushes anything; for Bit-Swap only
 *     what its pops took beyond what its own pushes had put on the message, Kingma et al. 2019, section 3); it is
 *     carried in the payload and counted in the rate
 * @param netBits Σ of the examples' ideal code lengths: −log₂ of the frequencies pushed minus those popped
 * @param exampleBits each example's ideal code length, in order (not copied)
 * @param exampleBitsBack the part of each example's code length that popping z ~ q(z|x) took off, −log₂ of the popped
 *     frequencies, in order (not copied); the first example's came from the initial bits
 */
public record CompressionReport(
        int examples,
        int features,
        long fileBytes,
        long payloadBits,
        double contentBits,
        double initialBits,
        double netBits,
        double[] exampleBits,
        double[] exampleBitsBack) {

    /** @return the achieved rate: the whole file's bits per feature of the data (NaN for no examples) */
    public double bitsPerDimension() {
        return examples == 0 ? Double.NaN : 8.0 * fileBytes / ((double) examples * features);
    }

    /** @return the ideal rate without initial bits, flush and container: {@link #netBits} per feature (NaN for none) */
    public double netBitsPerDimension() {
        return examples == 0 ? Double.NaN : netBits / ((double) examples * features);
    }

    /**
     * @return the rANS coder's rounding: content − initial − net bits, of either sign and tiny (below 10⁻⁵ bits a
     *     symbol at precision 24 on the toy models)
     */
    public double codingOverheadBits() {
        return contentBits - initialBits - netBits;
    }

    /** @return what storing the state costs beyond its content: payload − content bits, at most 33 */
    public double flushBits() {
        return payloadBits - contentBits;
    }

    /** @return the header and the checksum, in bits */
    public long containerBits() {
        return 8 * fileBytes - payloadBits;
    }
}
