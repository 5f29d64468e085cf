package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.TableSchema;
import dev.vaekit.nn.Network;
import dev.vaekit.nn.Parameters;

/**
 * What the {@link Vae} and {@link PlainAutoencoder} share: the parameters, an encoder network of a given output width,
 * the decoder network that mirrors it, and the observation model. They differ only in what the encoder's output means.
 */
abstract sealed class EncoderDecoder implements Autoencoder permits Vae, PlainAutoencoder {
    private final ModelConfig config;
    private final Parameters parameters;
    private final Network encoder;
    private final Network decoder;
    private final ObservationModel observation;

    /**
     * Builds the networks with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     * @param encoderWidth width of the encoder's output layer
     */
    EncoderDecoder(ModelConfig config, TableSchema schema, NDManager manager, int encoderWidth) {
        this.config = config;
        this.parameters = new Parameters(manager);
        this.encoder = Networks.encoder(parameters, config, encoderWidth);
        this.decoder = Networks.decoder(parameters, config, ObservationModel.parametersPerFeature(config));
        this.observation = ObservationModel.create(config, schema, parameters);
    }

    /** @return the encoder network's output for x (joined to its condition), shape (batch, encoderWidth) */
    NDArray encoderOutput(NDArray x, NDArray condition) {
        return encoder.forward(Conditions.join(x, checked(condition)));
    }

    /** The condition, after checking that it is there exactly when the model is conditional. */
    private NDArray checked(NDArray condition) {
        if (config.conditional() && condition == null) {
            throw new InvalidInputException(config.type() + " is conditional on labels (model.conditionClasses "
                    + config.conditionClasses() + "): give the label of every example");
        }
        if (!config.conditional() && condition != null) {
            throw new IllegalArgumentException("a condition was given to an unconditional model");
        }
        return condition;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public ObservationModel observation() {
        return observation;
    }

    @Override
    public NDArray decode(NDArray z, NDArray x, NDArray condition) {
        return decoder.forward(Conditions.join(z, checked(condition)));
    }

    @Override
    public NDArray render(NDArray z, NDArray condition) {
        return observation.mean(decode(z, null, condition));
    }

    @Override
    public void close() {
        parameters.close();
    }
}
