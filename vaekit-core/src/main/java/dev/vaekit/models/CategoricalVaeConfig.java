package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the categorical VAE family ({@link CategoricalVae}, types {@code dense-categorical-vae}, {@code
 * conv-categorical-vae}, {@code resnet-categorical-vae}): {@code model.latentDim} categorical variables of {@link
 * #categories} classes each, relaxed by the Gumbel-softmax while training (Jang et al. 2017).
 *
 * @param likelihood the observation model p(x|c)
 * @param categories K ≥ 2, the classes of every variable
 * @param gumbel the temperature and its annealing, and whether draws are straight-through
 */
public record CategoricalVaeConfig(
        LikelihoodConfig likelihood,
        @ConfigField(
                        flag = "--categories",
                        label = "K",
                        value = "Categorical VAE: classes of each of the --latent-dim categorical variables.")
                int categories,
        GumbelConfig gumbel)
        implements FamilyConfig {

    /** Most classes a variable may have, so that a typo cannot build an unbounded layer. */
    public static final int MAX_CATEGORIES = 4096;

    /** Validates every field. */
    public CategoricalVaeConfig {
        if (likelihood == null || gumbel == null) {
            throw new InvalidInputException("model.likelihood and the Gumbel-softmax fields must be set");
        }
        FamilyChecks.requireUnmixedLikelihood(likelihood, "a categorical VAE");
        FamilyChecks.inRange(categories, 2, MAX_CATEGORIES, "model.categories");
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
        if (objective.estimator() != Estimator.B || objective.freeBits() != 0) {
            throw new InvalidInputException("a " + model.type() + " trains on the relaxed ELBO with its KL to the "
                    + "uniform prior in closed form: use estimator b without free bits (got estimator "
                    + objective.estimator().id() + ", freeBits " + objective.freeBits() + ")");
        }
    }

    /**
     * @return the defaults: a Bernoulli likelihood, 10 classes, τ annealed from 1 to 0.5 at a rate of 0.1 per epoch
     *     (Jang et al. 2017 anneal from 1 towards 0.5), relaxed draws
     */
    public static CategoricalVaeConfig defaults() {
        return new CategoricalVaeConfig(LikelihoodConfig.builder().build(), 10, new GumbelConfig(1.0, 0.5, 0.1, false));
    }
}
