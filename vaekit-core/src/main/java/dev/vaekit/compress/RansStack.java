package dev.vaekit.compress;

import java.util.Arrays;

/**
 * A range-variant asymmetric numeral system coder (rANS, Duda 2013) as a stack: the message is a 64-bit state x and a
 * growable stack of 32-bit words, and what is pushed last is popped first, which is what bits-back coding needs
 * (Townsend, Bird &amp; Barber 2019, section 2.3). The layout is Giesen's rans64: the state lives in [L, 2³² L) with
 * L = 2³¹, so it fits a non-negative {@code long}, and renormalisation moves whole 32-bit words.
 *
 * <p>A symbol is given by its cumulative start c and frequency f under a precision of P bits, the symbol having
 * probability f / 2ᴾ; 0 ≤ c, 1 ≤ f and c + f ≤ 2ᴾ, with 1 ≤ P ≤ {@value #MAX_PRECISION}.
 *
 * <ul>
 *   <li>push (encode): if x ≥ 2^(63−P) f, move x's low 32 bits onto the stack and shift x right by 32; then x ←
 *       ⌊x/f⌋ 2ᴾ + (x mod f) + c. The message grows by log₂(2ᴾ/f) bits, up to a relative rounding error below
 *       f/x ≤ 2^(P−31).
 *   <li>pop (decode): {@link #peek} gives x mod 2ᴾ, which lies in [c, c + f) of the symbol pushed last; then x ← f
 *       ⌊x/2ᴾ⌋ + (x mod 2ᴾ) − c, and if x &lt; L, x ← 2³² x + the word on top of the stack. Popping a symbol that was
 *       never pushed is how bits-back coding samples: the popped symbol is distributed as f / 2ᴾ when the message's
 *       bits are uniform.
 * </ul>
 *
 * When a pop needs a word and the stack is empty, the word comes from the {@link WordSource} given at construction:
 * an encoder's seeded stream of initial bits, or a decoder's refusal (the message ran out).
 */
public final class RansStack {
    /** The largest precision P; start + frequency ≤ 2³⁰ keeps every quantity in an {@code int}. */
    public static final int MAX_PRECISION = 30;

    /** L = 2³¹, the lower end of the normalised state interval [L, 2³² L). */
    public static final long LOWER = 1L << 31;

    private static final long WORD_MASK = 0xFFFF_FFFFL;
    private static final int INITIAL_CAPACITY = 64;

    private long state;
    private int[] words;
    private int size;
    private final WordSource underflow;

    private RansStack(long state, int[] words, int size, WordSource underflow) {
        if (state < LOWER) {
            throw new IllegalArgumentException(
                    "the rANS state must be in [2^31, 2^63), got " + Long.toUnsignedString(state));
        }
        this.state = state;
        this.words = words;
        this.size = size;
        this.underflow = underflow;
    }

    /**
     * An empty message.
     *
     * @param initialState the state, in [L, 2⁶³)
     * @param underflow where a pop takes a word when the stack is empty
     * @return the message
     */
    public static RansStack create(long initialState, WordSource underflow) {
        return new RansStack(initialState, new int[INITIAL_CAPACITY], 0, underflow);
    }

    /**
     * A message as {@link #state()} and {@link #words()} gave it, for decoding.
     *
     * @param state the state, in [L, 2⁶³)
     * @param words the stack, bottom first (copied)
     * @param underflow where a pop takes a word when the stack is empty
     * @return the message
     */
    public static RansStack restore(long state, int[] words, WordSource underflow) {
        return new RansStack(
                state, Arrays.copyOf(words, Math.max(words.length, INITIAL_CAPACITY)), words.length, underflow);
    }

    /**
     * Encodes the symbol [start, start + frequency) of 2^precision onto the message.
     *
     * @throws IllegalArgumentException if the precision is outside [1, {@value #MAX_PRECISION}] or the interval is
     *     empty or outside [0, 2^precision)
     */
    public void push(int start, int frequency, int precision) {
        checkSymbol(start, frequency, precision);
        if (frequency == 1 << precision) {
            return; // a certain symbol costs nothing and changes nothing: x ← ⌊x/2ᴾ⌋ 2ᴾ + x mod 2ᴾ = x
        }
        long xMax = ((LOWER >>> precision) << 32) * frequency; // 2^(63−P) f < 2⁶³
        if (state >= xMax) {
            pushWord((int) state);
            state >>>= 32;
        }
        state = ((state / frequency) << precision) + (state % frequency) + start;
    }

    /**
     * @param precision P, in [1, {@value #MAX_PRECISION}]
     * @return x mod 2ᴾ: the cumulative frequency that the symbol on top lies at
     */
    public int peek(int precision) {
        checkPrecision(precision);
        return (int) (state & ((1L << precision) - 1));
    }

    /**
     * Decodes the symbol [start, start + frequency) of 2^precision, which must hold {@link #peek}.
     *
     * @throws IllegalArgumentException if the interval is invalid or does not hold {@code peek(precision)}
     */
    public void pop(int start, int frequency, int precision) {
        checkSymbol(start, frequency, precision);
        long cf = state & ((1L << precision) - 1);
        if (cf < start || cf >= (long) start + frequency) {
            throw new IllegalArgumentException("the symbol [" + start + ", " + (start + frequency)
                    + ") does not hold the message's cumulative frequency " + cf);
        }
        state = frequency * (state >>> precision) + cf - start;
        if (state < LOWER) {
            state = (state << 32) | (popWord() & WORD_MASK);
        }
    }

    /** @return the state x, in [L, 2⁶³) */
    public long state() {
        return state;
    }

    /** @return the stack, bottom first */
    public int[] words() {
        return Arrays.copyOf(words, size);
    }

    /** @return how many words the stack holds */
    public int wordCount() {
        return size;
    }

    /** @return the message's content in bits, log₂ x + 32 · words: what pushes add to and pops take from */
    public double contentBits() {
        return Math.log(state) / Math.log(2) + 32.0 * size;
    }

    /** @return the bits it takes to store the message as it stands: 64 for the state plus 32 per word */
    public long storedBits() {
        return 64 + 32L * size;
    }

    private void pushWord(int word) {
        if (size == words.length) {
            if (words.length > Integer.MAX_VALUE / 2 - 8) {
                throw new IllegalStateException("the rANS message outgrew 2^30 words");
            }
            words = Arrays.copyOf(words, words.length * 2);
        }
        words[size++] = word;
    }

    private int popWord() {
        if (size == 0) {
            return underflow.next();
        }
        return words[--size];
    }

    private static void checkSymbol(int start, int frequency, int precision) {
        checkPrecision(precision);
        if (start < 0 || frequency < 1 || (long) start + frequency > 1L << precision) {
            throw new IllegalArgumentException(
                    "a symbol must have 0 <= start, 1 <= frequency and start + frequency <= 2^" + precision
                            + ", got start " + start + " and frequency " + frequency);
        }
    }

    private static void checkPrecision(int precision) {
        if (precision < 1 || precision > MAX_PRECISION) {
            throw new IllegalArgumentException(
                    "the precision must be in [1, " + MAX_PRECISION + "] bits, got " + precision);
        }
    }
}
