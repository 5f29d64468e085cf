package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.ConfigField;

/**
 * The Gumbel-softmax relaxation of a model's categorical latent variables (Jang et al. 2017): the temperature τ of
 * its training draws, annealed as τ(t) = max(τ_min, τ_0 exp(−r t)) over epochs t, and whether the draws are the
 * straight-through one-hot vectors. Part of the configs of {@link CategoricalVaeConfig} and {@link JointVaeConfig}.
 *
 * @param gumbelTemperature τ_0 &gt; 0, the temperature at the start of training
 * @param gumbelMinTemperature τ_min ∈ (0, τ_0], the floor of the annealing
 * @param gumbelAnnealRate r ≥ 0 per epoch; 0 keeps τ at τ_0
 * @param straightThrough whether the decoder reads the one-hot argmax of each draw, with the relaxed draw's gradient
 *     (the straight-through Gumbel-softmax, Jang et al. 2017, §2.2)
 */
public record GumbelConfig(
        @ConfigField(
                        flag = "--temperature-start",
                        label = "T",
                        value = "Categorical latents: Gumbel-softmax temperature τ at the start of training.")
                double gumbelTemperature,
        @ConfigField(
                        flag = "--temperature-min",
                        label = "T",
                        value = "Categorical latents: the floor of the annealed temperature.")
                double gumbelMinTemperature,
        @ConfigField(
                        flag = "--anneal-rate",
                        label = "R",
                        value = "Categorical latents: τ = max(min, start · exp(−R · epochs)); 0 keeps τ fixed.")
                double gumbelAnnealRate,
        @ConfigField(
                        flag = "--straight-through",
                        label = "BOOL",
                        value = "Categorical latents: the decoder reads one-hot draws with the relaxed draws' "
                                + "gradient (straight-through Gumbel-softmax).")
                boolean straightThrough)
        implements ConfigPart {

    /** Validates every field. */
    public GumbelConfig {
        FamilyChecks.positive(gumbelTemperature, "model.gumbelTemperature");
        if (!(gumbelMinTemperature > 0) || gumbelMinTemperature > gumbelTemperature) {
            throw new InvalidInputException("model.gumbelMinTemperature must be > 0 and at most "
                    + "model.gumbelTemperature (" + gumbelTemperature + "), got " + gumbelMinTemperature);
        }
        FamilyChecks.nonNegative(gumbelAnnealRate, "model.gumbelAnnealRate");
    }

    /**
     * @param epochProgress epochs done, fractional
     * @return the temperature of a training step then
     */
    public double temperatureAt(double epochProgress) {
        return dev.vaekit.distributions.GumbelSoftmax.temperature(
                gumbelTemperature, gumbelMinTemperature, gumbelAnnealRate, epochProgress);
    }
}
