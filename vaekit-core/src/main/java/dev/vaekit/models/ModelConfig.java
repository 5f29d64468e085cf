package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.nn.ActivationKind;
import java.util.List;

/**
 * What network to build. Immutable; validated on construction.
 *
 * @param type model family: {@code dense-vae} ({@link Vae}) or {@code dense-ae} ({@link PlainAutoencoder}, the same
 *     networks without sampling, KL or prior)
 * @param inputShape (channels, height, width) of one example; {@code null} until taken from the data
 * @param latentDim dimension of z, ≥ 1
 * @param hidden hidden-layer widths of the encoder; the decoder mirrors them
 * @param activation hidden nonlinearity
 * @param likelihood observation model p(x|z)
 * @param variance for a Gaussian likelihood: fixed, shared or per-dimension σ
 * @param sigma for a Gaussian likelihood: the fixed σ, or the initial one when learned
 * @param mixtureComponents for the discretized-logistic likelihood: the number K ≥ 1 of logistics in each pixel's
 *     mixture (Salimans et al. 2017, eq. 2); must stay 1 for the other likelihoods
 */
public record ModelConfig(
        String type,
        List<Integer> inputShape,
        int latentDim,
        List<Integer> hidden,
        ActivationKind activation,
        LikelihoodKind likelihood,
        GaussianVariance variance,
        double sigma,
        int mixtureComponents) {

    /** Model families this build knows. */
    public static final List<String> TYPES = List.of(Vae.TYPE, PlainAutoencoder.TYPE);

    /** Validates every field. */
    public ModelConfig {
        if (!TYPES.contains(type)) {
            throw new InvalidInputException("model.type: unknown model '" + type + "'; expected one of " + TYPES);
        }
        if (inputShape != null) {
            if (inputShape.size() != 3 || inputShape.stream().anyMatch(s -> s == null || s < 1)) {
                throw new InvalidInputException(
                        "model.inputShape must be three positive sizes [channels, height, width], got " + inputShape);
            }
            inputShape = List.copyOf(inputShape);
        }
        if (latentDim < 1) {
            throw new InvalidInputException("model.latentDim must be >= 1, got " + latentDim);
        }
        if (hidden == null || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new InvalidInputException("model.hidden must be a list of widths >= 1, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        if (activation == null || likelihood == null || variance == null) {
            throw new InvalidInputException("model.activation, model.likelihood and model.variance must be set");
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new InvalidInputException("model.sigma must be a finite number > 0, got " + sigma);
        }
        if (mixtureComponents < 1) {
            throw new InvalidInputException("model.mixtureComponents must be >= 1, got " + mixtureComponents);
        }
        if (mixtureComponents != 1 && likelihood != LikelihoodKind.DISCRETIZED_LOGISTIC) {
            throw new InvalidInputException("model.mixtureComponents (--mixture-components) applies to the "
                    + "discretized-logistic likelihood only; model.likelihood is " + likelihood.id() + " and "
                    + "mixtureComponents " + mixtureComponents);
        }
    }

    /** A config with one mixture component, as every config was before {@code mixtureComponents} existed. */
    public ModelConfig(
            String type,
            List<Integer> inputShape,
            int latentDim,
            List<Integer> hidden,
            ActivationKind activation,
            LikelihoodKind likelihood,
            GaussianVariance variance,
            double sigma) {
        this(type, inputShape, latentDim, hidden, activation, likelihood, variance, sigma, 1);
    }

    /** @return the number of features of one example */
    public int inputDim() {
        if (inputShape == null) {
            throw new IllegalStateException("model.inputShape is not set yet");
        }
        return inputShape.get(0) * inputShape.get(1) * inputShape.get(2);
    }

    /** @return a copy with the input shape taken from the data */
    public ModelConfig withInputShape(int channels, int height, int width) {
        return new ModelConfig(
                type,
                List.of(channels, height, width),
                latentDim,
                hidden,
                activation,
                likelihood,
                variance,
                sigma,
                mixtureComponents);
    }
}
