package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fields of the ladder VAE family ({@link LadderVae}, type {@code dense-ladder-vae}): a dense VAE with L stochastic
 * layers z_1 (bottom) … z_L (top, {@code model.latentDim} dimensions). Between x and z_1 sit the deterministic layers
 * of {@code model.hidden} (mirrored in p(x|z_1)); between z_{l−1} and z_l, {@link #stageDepth} layers of width
 * {@code upperHidden[l − 2]}, in the bottom-up and in the top-down network alike.
 *
 * @param likelihood the observation model p(x|z_1)
 * @param lowerLatents d_1 … d_{L−1}, the sizes of the layers below the top, bottom first; empty for one layer
 * @param upperHidden the width of each stage above the first, one per entry of {@code lowerLatents}
 * @param stageDepth the deterministic layers of each stage above the first, ≥ 1
 * @param inference ladder (Sønderby et al. 2016) or bottom-up (Burda et al. 2015)
 */
public record LadderVaeConfig(
        LikelihoodConfig likelihood,
        @ConfigField(
                        flag = "--lower-latents",
                        label = "D",
                        value = "Ladder VAE: sizes of the stochastic layers below the top one (whose size is "
                                + "--latent-dim), bottom first, e.g. 64,32,16,8.")
                List<Integer> lowerLatents,
        @ConfigField(
                        flag = "--upper-hidden",
                        label = "W",
                        value = "Ladder VAE: width of the deterministic layers between each stochastic layer and the "
                                + "next one up, one per --lower-latents entry (x to z_1 uses --hidden).")
                List<Integer> upperHidden,
        @ConfigField(
                        flag = "--stage-depth",
                        label = "N",
                        value = "Ladder VAE: deterministic layers between consecutive stochastic layers.")
                int stageDepth,
        @ConfigField(
                        flag = "--inference",
                        label = "I",
                        value = "Ladder VAE: ladder (top-down, precision-weighted; Sønderby et al. 2016) or "
                                + "bottom-up (q(z_l|z_l-1), as Burda et al. 2015).")
                LadderInference inference)
        implements FamilyConfig {

    /** Largest number of stochastic layers, so that a typo cannot build an unbounded model. */
    public static final int MAX_LAYERS = 16;

    /** Validates every field. */
    public LadderVaeConfig {
        FamilyChecks.requireUnmixedLikelihood(likelihood, "a ladder VAE");
        if (lowerLatents == null || lowerLatents.stream().anyMatch(d -> d == null || d < 1)) {
            throw new InvalidInputException("model.lowerLatents must be a list of sizes >= 1, got " + lowerLatents);
        }
        if (lowerLatents.size() + 1 > MAX_LAYERS) {
            throw new InvalidInputException("model.lowerLatents: at most " + (MAX_LAYERS - 1) + " layers below the "
                    + "top, got " + lowerLatents.size());
        }
        if (upperHidden == null || upperHidden.stream().anyMatch(w -> w == null || w < 1)) {
            throw new InvalidInputException("model.upperHidden must be a list of widths >= 1, got " + upperHidden);
        }
        if (upperHidden.size() != lowerLatents.size()) {
            throw new InvalidInputException("model.upperHidden needs one width per model.lowerLatents entry (the stage "
                    + "above each of those layers): got " + upperHidden.size() + " widths for " + lowerLatents.size()
                    + " layers");
        }
        FamilyChecks.inRange(stageDepth, 1, 8, "model.stageDepth");
        if (inference == null) {
            throw new InvalidInputException("model.inference must be set (ladder or bottom-up)");
        }
        lowerLatents = List.copyOf(lowerLatents);
        upperHidden = List.copyOf(upperHidden);
    }

    @Override
    public void validate(ModelConfig model) {
        if (model.hidden().isEmpty()) {
            throw new InvalidInputException("model.hidden: a " + model.type() + " needs at least one deterministic "
                    + "layer between x and z_1");
        }
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
    }

    /**
     * @param model the whole model config
     * @return d_1 … d_L, bottom first, the top being {@code model.latentDim}
     */
    public List<Integer> layerDims(ModelConfig model) {
        List<Integer> dims = new ArrayList<>(lowerLatents);
        dims.add(model.latentDim());
        return dims;
    }

    /**
     * @param model the whole model config
     * @param stage 0 for x ↔ z_1, l for z_l ↔ z_{l+1}
     * @return the widths of that stage's deterministic layers, bottom-up
     */
    public List<Integer> stageWidths(ModelConfig model, int stage) {
        return stage == 0 ? model.hidden() : Collections.nCopies(stageDepth, upperHidden.get(stage - 1));
    }

    /**
     * @return the defaults: a Bernoulli likelihood, two stochastic layers (64 below the code), a stage of two 128-wide
     *     layers between them, ladder inference
     */
    public static LadderVaeConfig defaults() {
        return new LadderVaeConfig(
                LikelihoodConfig.builder().build(), List.of(64), List.of(128), 2, LadderInference.LADDER);
    }
}
