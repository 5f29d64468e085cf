package dev.vaekit.api;

import ai.djl.ndarray.NDManager;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;

/**
 * Builds the model a {@link Training} trains, when it is not the one the config's family builds: typically a {@link
 * dev.vaekit.models.Vae} on networks of one's own, {@code (config, manager) -> new Vae(config, myNetworks, null,
 * manager)}.
 */
@FunctionalInterface
public interface ModelBuilder {

    /**
     * @param config the run's model config, its input shape taken from the data
     * @param manager parent of the model's parameters
     * @return a freshly initialised model
     */
    Model build(ModelConfig config, NDManager manager);
}
