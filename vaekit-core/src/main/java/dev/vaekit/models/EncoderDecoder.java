package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Network;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.nn.Parameters;
import dev.vaekit.nn.PixelCnn;

/**
 * What the {@link Vae} and {@link PlainAutoencoder} share: the parameters, an encoder network of a given output width,
 * the decoder network that mirrors it, and the observation model. They differ only in what the encoder's output means.
 *
 * <p>For a {@code pixel} network (PixelVAE, Gulrajani et al. 2017) the decoder is two parts: the transposed-convolution
 * decoder maps z to {@code pixelChannels} feature maps of the image's size, and a {@link PixelCnn} reads them and the
 * image's earlier pixels to give each pixel's parameters, so p(x|z) = Π_i p(x_i | x_&lt;i, z) is autoregressive.
 */
abstract class EncoderDecoder extends ObservedModel {
    private final Network encoder;
    private final Network decoder;
    private final PixelCnn pixelCnn;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param likelihood the observation model p(x|z)
     * @param vae for a {@code pixel} network, the VAE fields that size its PixelCNN; else null
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     * @param encoderWidth width of the encoder's output layer
     * @param networks builds the encoder and decoder networks
     */
    EncoderDecoder(
            ModelConfig config,
            LikelihoodConfig likelihood,
            VaeConfig vae,
            TableSchema schema,
            NDManager manager,
            int encoderWidth,
            NetworkFactory networks) {
        super(config, likelihood, manager);
        Parameters parameters = parameters();
        this.encoder = networks.encoder(parameters, config, encoderWidth);
        int perFeature = ObservationModel.parametersPerFeature(likelihood, channels(config));
        boolean pixel = config.network() == NetworkKind.PIXEL;
        this.decoder = networks.decoder(parameters, config, pixel ? vae.pixelChannels() : perFeature);
        this.pixelCnn = pixel ? Networks.pixelCnn(parameters, config, vae, likelihood) : null;
        createObservation(schema);
    }

    /** @return the channels of the model's images: {@code model.inputShape}'s first entry, 1 when it has none */
    static int channels(ModelConfig config) {
        return config.inputShape() == null ? 1 : config.inputShape().get(0);
    }

    /** @return the encoder network's output for x (joined to its condition), shape (batch, encoderWidth) */
    NDArray encoderOutput(NDArray x, NDArray condition) {
        return encoder.forward(Conditions.join(x, checked(condition)));
    }

    /** The condition, after checking that it is there exactly when the model is conditional. */
    private NDArray checked(NDArray condition) {
        ModelConfig config = config();
        if (config.conditional() && condition == null) {
            throw new InvalidInputException(config.type() + " is conditional on labels (model.conditionClasses "
                    + config.conditionClasses() + "): give the label of every example");
        }
        if (!config.conditional()) {
            requireUnconditional(condition);
        }
        return condition;
    }

    @Override
    public long decoderFloatsPerExample() {
        ModelConfig config = config();
        long output =
                (long) config.inputDim() * ObservationModel.parametersPerFeature(likelihoodConfig(), channels(config));
        long pixels = config.inputDim() / channels(config);
        return pixelCnn == null ? output : output + pixels * pixelCnn.floatsPerPixel();
    }

    @Override
    public boolean autoregressive() {
        return pixelCnn != null;
    }

    /**
     * The decoder network's input for codes: the codes themselves, unless a subclass's codes stand for other values
     * (classes for one-hot vectors, codebook indices for codebook vectors).
     *
     * @param code codes, shape (n, latentDim)
     * @return the decoder network's input, shape (n, its input width)
     */
    NDArray decoderInput(NDArray code) {
        return code;
    }

    /**
     * {@inheritDoc}
     *
     * <p>With a PixelCNN: the transposed-convolution decoder's feature maps for z (joined to its condition), then the
     * PixelCNN's parameters for every pixel given them and x's earlier pixels.
     *
     * @throws IllegalArgumentException if the decoder is autoregressive and x is null
     */
    @Override
    public NDArray decode(NDArray z, NDArray x, NDArray condition) {
        return decodeInput(decoderInput(z), x, condition);
    }

    /**
     * {@link #decode} of the decoder network's own input ({@link #decoderInput}).
     *
     * @param input shape (n, the decoder network's input width)
     * @param x the data whose likelihood is wanted, for an autoregressive decoder; else may be null
     * @param condition the one-hot labels of a conditional model; else null
     * @return the parameters of p(x|z)
     */
    NDArray decodeInput(NDArray input, NDArray x, NDArray condition) {
        NDArray features = decoder.forward(Conditions.join(input, checked(condition)));
        if (pixelCnn == null) {
            return features;
        }
        if (x == null) {
            throw new IllegalArgumentException(config().type() + " has an autoregressive decoder: decode needs the x "
                    + "whose likelihood is wanted");
        }
        return pixelCnn.forward(features, x);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With a PixelCNN: a draw of p(x|z), pixel by pixel in raster order and, in colour, channel by channel
     * ({@link PixelCnn#sample}), the feature maps of z computed once; its random numbers come from the engine's seeded
     * generator.
     *
     * @throws IllegalStateException if the likelihood has no per-pixel sampler
     */
    @Override
    public NDArray render(NDArray z, NDArray condition) {
        NDArray input = decoderInput(z);
        if (pixelCnn == null) {
            return observation().mean(decoder.forward(Conditions.join(input, checked(condition))));
        }
        PixelCnn.PixelDraw draw = FeatureSampler.create(config(), likelihoodConfig(), parameters());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray features = decoder.forward(Conditions.join(input, checked(condition)));
            NDArray images = pixelCnn.sample(features, draw);
            NDScope.unregister(images); // the one array that outlives the draw
            return images;
        }
    }

    /** Passes the mode on to the encoder and decoder networks (a DJL block with dropout or batch norm needs it). */
    @Override
    public void setTraining(boolean training) {
        encoder.setTraining(training);
        decoder.setTraining(training);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Codes are drawn from the prior, or from N(0, T²I) when it is N(0, I) or when there is none, and {@link
     * #render rendered}.
     */
    @Override
    public NDArray sample(NDManager manager, int n, double temperature, NDArray condition) {
        Prior prior = latentPrior().orElse(null);
        NDArray z;
        if (prior != null && !prior.standardNormal()) {
            if (temperature != 1) {
                throw new InvalidInputException("--temperature scales draws of N(0, I); this model's prior is "
                        + prior.id() + ", so leave it at 1");
            }
            z = prior.sample(manager, n);
        } else {
            z = Tensors.scale(manager.randomNormal(new Shape(n, config().latentDim())), temperature);
        }
        return render(z, condition);
    }

    @Override
    public Capabilities capabilities() {
        boolean hasPrior = latentPrior().isPresent();
        return new Capabilities(
                config().modelType().family().likelihood(),
                true,
                hasPrior,
                hasPrior,
                config().conditional(),
                autoregressive());
    }
}
