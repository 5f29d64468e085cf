package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import java.util.Arrays;
import java.util.List;

/** Checks that several families' configs share. */
final class FamilyChecks {
    private FamilyChecks() {}

    /**
     * Refuses objective settings that a family built on one draw of the closed-form ELBO would ignore: of the
     * objective section it keeps only the KL warm-up.
     *
     * @param model the model config, for the message
     * @param objective the run's objective section
     * @param weights the family's own weights, for the message
     * @throws InvalidInputException unless estimator, β, samples and free bits are b, 1, 1 and 0
     */
    static void requireOneDrawElbo(ModelConfig model, ObjectiveConfig objective, String weights) {
        if (objective.estimator() != Estimator.B
                || objective.beta() != 1
                || objective.samples() != 1
                || objective.freeBits() != 0) {
            throw new InvalidInputException("a " + model.type() + " draws one z per example, charges the closed-form "
                    + "KL and weights its own terms with " + weights + ": leave objective.estimator, beta, samples "
                    + "and freeBits at b, 1, 1 and 0 (got "
                    + objective.estimator().id() + ", " + objective.beta()
                    + ", " + objective.samples() + ", " + objective.freeBits() + ")");
        }
    }

    /**
     * @param value a weight
     * @param field its config field and flag, for the message
     * @return the weight
     * @throws InvalidInputException unless it is a finite number ≥ 0
     */
    static double nonNegative(double value, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(field + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /**
     * @param value a rate, temperature or scale
     * @param field its config field and flag, for the message
     * @return the value
     * @throws InvalidInputException unless it is a finite number &gt; 0
     */
    static double positive(double value, String field) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(field + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /**
     * @param value a decay or an Adam β
     * @param field its config field and flag, for the message
     * @return the value
     * @throws InvalidInputException unless it is in [0, 1)
     */
    static double fraction(double value, String field) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidInputException(field + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /**
     * @param value a count or size
     * @param min the least accepted
     * @param max the most accepted
     * @param field its config field and flag, for the message
     * @return the value
     * @throws InvalidInputException unless min ≤ value ≤ max
     */
    static int inRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidInputException(field + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /**
     * @param likelihood a family's observation model
     * @throws InvalidInputException if it is missing
     */
    static void requireLikelihood(LikelihoodConfig likelihood) {
        if (likelihood == null) {
            throw new InvalidInputException("model.likelihood must be set");
        }
    }

    /**
     * @param likelihood the observation model of a family that models images or plain features, not tables
     * @param model the family, for the message, e.g. {@code a VQ-VAE}
     * @throws InvalidInputException if it is missing or mixed
     */
    static void requireUnmixedLikelihood(LikelihoodConfig likelihood, String model) {
        requireLikelihood(likelihood);
        if (likelihood.kind() == LikelihoodKind.MIXED) {
            List<String> others = Arrays.stream(LikelihoodKind.values())
                    .filter(k -> k != LikelihoodKind.MIXED)
                    .map(LikelihoodKind::id)
                    .toList();
            throw new InvalidInputException("model.likelihood mixed is not supported by " + model + "; use "
                    + String.join(", ", others.subList(0, others.size() - 1)) + " or " + others.get(others.size() - 1));
        }
    }

    /**
     * @param vae the VAE fields of a family whose terms need the densities of a Gaussian q(z|x) and N(0, I)
     * @param family the family, for the message
     * @throws InvalidInputException unless the prior is standard and there is no posterior flow
     */
    static void requireGaussianPosterior(VaeConfig vae, String family) {
        if (vae == null) {
            throw new InvalidInputException("a " + family + " needs the VAE's fields");
        }
        if (!vae.analyticKl()) {
            throw new InvalidInputException("a " + family + " works on the Gaussian q(z|x) of the encoder and the "
                    + "standard normal prior: keep model.prior standard and model.posteriorFlow none");
        }
    }
}
