package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.nn.Parameters;
import java.util.Optional;

/**
 * What the models that map codes to data through an observation model p(x|·) share ({@link EncoderDecoder}, {@link
 * HierarchicalVae}): the config, the parameters, the likelihood's config and the observation model built from them,
 * their own latent space, and the parameters' release.
 */
abstract class ObservedModel implements Model, Autoencoder {
    private final ModelConfig config;
    private final LikelihoodConfig likelihood;
    private final Parameters parameters;
    private ObservationModel observation;

    /**
     * @param config the model's config
     * @param likelihood the observation model p(x|·)
     * @param manager parent of the parameters' manager
     */
    ObservedModel(ModelConfig config, LikelihoodConfig likelihood, NDManager manager) {
        this.config = config;
        this.likelihood = likelihood;
        this.parameters = new Parameters(manager);
    }

    /**
     * Creates the observation model and its parameters (a learned σ, say); a subclass calls it once, after building its
     * networks, so that the parameters keep their order.
     *
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     */
    final void createObservation(TableSchema schema) {
        this.observation = ObservationModel.create(config, likelihood, schema, parameters);
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
    public LikelihoodConfig likelihoodConfig() {
        return likelihood;
    }

    @Override
    public Optional<Autoencoder> autoencoder() {
        return Optional.of(this);
    }

    @Override
    public void close() {
        parameters.close();
    }

    /**
     * @param condition a condition given to a model that takes none
     * @throws IllegalArgumentException unless it is null
     */
    static void requireUnconditional(NDArray condition) {
        if (condition != null) {
            throw new IllegalArgumentException("a condition was given to an unconditional model");
        }
    }
}
