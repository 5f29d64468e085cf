package dev.vaekit.compress;

/**
 * The documented source of bits-back coding's initial bits: SplitMix64 (Steele, Lea &amp; Flood 2014, the generator of
 * {@code java.util.SplittableRandom}, with Vigna's published constants), written out here so that the stream never
 * depends on a JDK version. From a seed s it gives the 64-bit values v₁, v₂, … of
 *
 * <pre>
 *   s ← s + 0x9E3779B97F4A7C15;  z ← (s ⊕ (s ≫ 30)) · 0xBF58476D1CE4E5B9;  z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB;
 *   v ← z ⊕ (z ≫ 31)
 * </pre>
 *
 * (mod 2⁶⁴, unsigned shifts). The encoder's initial rANS state is 2⁶² + (v₁ ≫ 2), 62 random bits; the j-th word drawn
 * when a pop finds the stack empty is the high half of v_{j+1}. The decoder regenerates the same values to check
 * that decoding ended exactly where encoding began.
 */
public final class SeededWords implements WordSource {
    private long s;
    private int drawn;

    /** @param seed the seed stored in the file's header */
    public SeededWords(long seed) {
        this.s = seed;
    }

    /** @return the initial rANS state for a seed: 2⁶² + (v₁ ≫ 2) */
    public static long initialState(long seed) {
        return (1L << 62) | (new SeededWords(seed).nextLong() >>> 2);
    }

    /**
     * The words after the initial state's value: the source a {@link RansStack} draws from when it runs out.
     *
     * @param seed the seed
     * @return a source positioned after v₁
     */
    public static SeededWords afterInitialState(long seed) {
        SeededWords words = new SeededWords(seed);
        words.nextLong();
        return words;
    }

    /** @return the high 32 bits of the next value */
    @Override
    public int next() {
        drawn++;
        return (int) (nextLong() >>> 32);
    }

    /** @return how many words {@link #next} has given */
    public int drawn() {
        return drawn;
    }

    private long nextLong() {
        s += 0x9E3779B97F4A7C15L;
        long z = s;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
