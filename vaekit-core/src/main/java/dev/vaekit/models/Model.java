package dev.vaekit.models;

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;
import dev.vaekit.nn.Parameters;

/**
 * Anything vaekit trains and saves: an {@link Autoencoder} (VAE or plain autoencoder) or a stand-alone normalizing
 * {@link FlowModel}. What they share is a config and a set of named parameters; the trainer, the checkpoint folder
 * and the metrics need nothing more.
 */
public sealed interface Model extends AutoCloseable permits Autoencoder, FlowModel {

    /** @return the config the model was built from */
    ModelConfig config();

    /** @return the trainable tensors */
    Parameters parameters();

    /**
     * Switches the layers that behave differently while training between training and evaluation: a flow's batch
     * normalization ({@link dev.vaekit.flows.BatchNormFlow}) uses and updates batch statistics while training and
     * its running averages otherwise. Models start in evaluation mode, so that scoring, sampling and evaluation
     * never depend on the batch; the trainer turns training on for its steps only. The default does nothing.
     *
     * @param training whether the next passes are training steps
     */
    default void setTraining(boolean training) {}

    /** Frees the parameters. */
    @Override
    void close();

    /**
     * Builds the model a config names, with freshly initialised weights (drawn from the engine's seeded generator).
     *
     * @param config what to build; its input shape must be set
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     * @return a {@link FlowModel} for a flow type, else {@link Autoencoder#create(ModelConfig, TableSchema, NDManager)}
     */
    static Model create(ModelConfig config, TableSchema schema, NDManager manager) {
        return config.flow() ? new FlowModel(config, manager) : Autoencoder.create(config, schema, manager);
    }
}
