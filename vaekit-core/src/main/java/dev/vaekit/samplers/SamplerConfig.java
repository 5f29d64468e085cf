package dev.vaekit.samplers;

import dev.vaekit.InvalidInputException;
import java.util.List;

/**
 * How to fit a {@link LatentSampler}. Each kind reads its own fields and ignores the others: {@code gmm} the
 * components; {@code maf} the flow length, hidden widths and training fields; {@code two-stage} the hidden widths,
 * latent size, training fields and importance samples. {@link #builder(SamplerKind)} starts from the kind's defaults.
 *
 * @param kind the density fitted to the codes
 * @param codes which codes of the training data: posterior means or draws of q(z|x)
 * @param components for {@code gmm}: the number K of components, or 0 to choose K by BIC among {@code componentGrid}
 * @param componentGrid for {@code gmm} with {@code components} 0: the K that BIC chooses among (those above the number
 *     of codes fitted are skipped)
 * @param flowLength for {@code maf}: the number of MAF steps, ≥ 1
 * @param hidden for {@code maf}: each MADE's hidden widths; for {@code two-stage}: the second VAE's encoder and decoder
 *     widths
 * @param latentDim for {@code two-stage}: the size of the second VAE's code v, or 0 for the size of the codes (Dai
 *     &amp; Wipf 2019 take the same size)
 * @param epochs for {@code maf} and {@code two-stage}: training epochs, ≥ 1
 * @param batchSize for {@code maf} and {@code two-stage}: codes per training batch, ≥ 1
 * @param learningRate for {@code maf} and {@code two-stage}: Adam's step size, &gt; 0
 * @param heldOutFraction the share of the codes held out of the fit and scored, in (0, 0.5]
 * @param importanceSamples for {@code two-stage}: importance samples per held-out code of its log-likelihood, ≥ 1
 * @param seed seed of the split, the fit and the training
 */
public record SamplerConfig(
        SamplerKind kind,
        CodeSource codes,
        int components,
        List<Integer> componentGrid,
        int flowLength,
        List<Integer> hidden,
        int latentDim,
        int epochs,
        int batchSize,
        double learningRate,
        double heldOutFraction,
        int importanceSamples,
        long seed) {

    /** The most of anything countable a config may ask for: components, steps, epochs, widths, draws. */
    static final int MAX_COUNT = 100_000;

    /** Validates every field. */
    public SamplerConfig {
        if (kind == null) {
            throw new InvalidInputException("sampler kind must be set (gmm, maf or two-stage)");
        }
        if (codes == null) {
            throw new InvalidInputException("sampler codes must be set (mean or sample)");
        }
        if (components < 0 || components > MAX_COUNT) {
            throw new InvalidInputException("sampler components (--components) must be 0 (chosen by BIC) or in [1, "
                    + MAX_COUNT + "], got " + components);
        }
        componentGrid = checkedList(componentGrid, "componentGrid", "");
        if (flowLength < 1 || flowLength > 1000) {
            throw new InvalidInputException(
                    "sampler flowLength (--flow-length) must be in [1, 1000], got " + flowLength);
        }
        hidden = checkedList(hidden, "hidden", " (--hidden)");
        if (latentDim < 0 || latentDim > MAX_COUNT) {
            throw new InvalidInputException("sampler latentDim (--latent-dim) must be 0 (the codes' size) or in [1, "
                    + MAX_COUNT + "], got " + latentDim);
        }
        checkCount(epochs, "epochs (--epochs)");
        checkCount(batchSize, "batchSize (--batch-size)");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException(
                    "sampler learningRate (--lr) must be a finite number > 0, got " + learningRate);
        }
        if (!(heldOutFraction > 0 && heldOutFraction <= 0.5)) {
            throw new InvalidInputException(
                    "sampler heldOutFraction (--held-out) must be in (0, 0.5], got " + heldOutFraction);
        }
        checkCount(importanceSamples, "importanceSamples (--k)");
    }

    private static List<Integer> checkedList(List<Integer> values, String field, String flag) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException(
                    "sampler " + field + flag + " must list at least one number, got " + values);
        }
        for (Integer v : values) {
            if (v == null || v < 1 || v > MAX_COUNT) {
                throw new InvalidInputException(
                        "sampler " + field + flag + " must hold numbers in [1, " + MAX_COUNT + "], got " + values);
            }
        }
        return List.copyOf(values);
    }

    private static void checkCount(int value, String field) {
        if (value < 1 || value > MAX_COUNT) {
            throw new InvalidInputException("sampler " + field + " must be in [1, " + MAX_COUNT + "], got " + value);
        }
    }

    /**
     * @param kind the density to fit
     * @return a builder holding that kind's defaults: posterior means, 10% held out, seed 1; {@code gmm}: K by BIC
     *     among 1, 2, 4, 8, 16, 32; {@code maf}: 5 steps of MADE [128, 128], 50 epochs of batches of 200 at 10⁻³;
     *     {@code two-stage}: a dense VAE [512, 512] with codes of the same size, 50 epochs of batches of 100 at
     *     10⁻³, 100 importance samples
     */
    public static Builder builder(SamplerKind kind) {
        return new Builder(kind);
    }

    /**
     * @param kind the density to fit
     * @return that kind's defaults
     */
    public static SamplerConfig defaults(SamplerKind kind) {
        return builder(kind).build();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder(kind)
                .codes(codes)
                .components(components)
                .componentGrid(componentGrid)
                .flowLength(flowLength)
                .hidden(hidden)
                .latentDim(latentDim)
                .epochs(epochs)
                .batchSize(batchSize)
                .learningRate(learningRate)
                .heldOutFraction(heldOutFraction)
                .importanceSamples(importanceSamples)
                .seed(seed);
    }

    /** Builds a {@link SamplerConfig} from its kind's defaults. */
    public static final class Builder {
        private final SamplerKind kind;
        private CodeSource codes = CodeSource.MEAN;
        private int components = 0;
        private List<Integer> componentGrid = List.of(1, 2, 4, 8, 16, 32);
        private int flowLength = 5;
        private List<Integer> hidden;
        private int latentDim = 0;
        private int epochs = 50;
        private int batchSize;
        private double learningRate = 1e-3;
        private double heldOutFraction = 0.1;
        private int importanceSamples = 100;
        private long seed = 1;

        private Builder(SamplerKind kind) {
            this.kind = kind;
            boolean twoStage = kind == SamplerKind.TWO_STAGE;
            this.hidden = twoStage ? List.of(512, 512) : List.of(128, 128);
            this.batchSize = twoStage ? 100 : 200;
        }

        /** @param value which codes @return this builder */
        public Builder codes(CodeSource value) {
            this.codes = value;
            return this;
        }

        /** @param value K, or 0 for BIC @return this builder */
        public Builder components(int value) {
            this.components = value;
            return this;
        }

        /** @param value the K that BIC chooses among @return this builder */
        public Builder componentGrid(List<Integer> value) {
            this.componentGrid = value;
            return this;
        }

        /** @param value MAF steps @return this builder */
        public Builder flowLength(int value) {
            this.flowLength = value;
            return this;
        }

        /** @param value hidden widths @return this builder */
        public Builder hidden(List<Integer> value) {
            this.hidden = value;
            return this;
        }

        /** @param value the second VAE's code size, 0 for the codes' @return this builder */
        public Builder latentDim(int value) {
            this.latentDim = value;
            return this;
        }

        /** @param value training epochs @return this builder */
        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        /** @param value codes per batch @return this builder */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** @param value Adam's step size @return this builder */
        public Builder learningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /** @param value share of the codes held out @return this builder */
        public Builder heldOutFraction(double value) {
            this.heldOutFraction = value;
            return this;
        }

        /** @param value importance samples per held-out code @return this builder */
        public Builder importanceSamples(int value) {
            this.importanceSamples = value;
            return this;
        }

        /** @param value the seed @return this builder */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** @return the validated config */
        public SamplerConfig build() {
            return new SamplerConfig(
                    kind,
                    codes,
                    components,
                    componentGrid,
                    flowLength,
                    hidden,
                    latentDim,
                    epochs,
                    batchSize,
                    learningRate,
                    heldOutFraction,
                    importanceSamples,
                    seed);
        }
    }
}
