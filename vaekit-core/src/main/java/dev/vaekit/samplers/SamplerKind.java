package dev.vaekit.samplers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.util.Choices;

/** The density a {@link LatentSampler} fits to a trained model's codes. */
public enum SamplerKind {
    /**
     * A Gaussian mixture with full covariances, fitted by EM ({@link dev.vaekit.baselines.GaussianMixtureModel}), its
     * number of components chosen by BIC unless given; the ex-post density estimation of Ghosh et al. 2020.
     */
    GMM,
    /**
     * A masked autoregressive flow (Papamakarios et al. 2017) on the standardised codes: vaekit's {@code maf} model,
     * trained on them by maximum likelihood.
     */
    MAF,
    /**
     * The second stage of the two-stage VAE (Dai &amp; Wipf 2019): a dense VAE on the standardised codes u = z, with
     * a Gaussian decoder p(u|v) = N(μ(v), γI) whose γ is learned; its draws u ~ N(μ(v), γI) at v ~ N(0, I) are
     * codes.
     */
    TWO_STAGE;

    /** @return the name used in files and on the command line: {@code gmm}, {@code maf}, {@code two-stage} */
    @JsonValue
    public String id() {
        return Choices.id(this);
    }

    /**
     * Parses a name case-insensitively.
     *
     * @param text the name
     * @return the kind
     * @throws dev.vaekit.InvalidInputException naming the choices when none matches
     */
    @JsonCreator
    public static SamplerKind parse(String text) {
        return Choices.parse(SamplerKind.class, text, "sampler kind");
    }
}
