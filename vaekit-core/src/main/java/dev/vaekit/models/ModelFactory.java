package dev.vaekit.models;

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.TableSchema;

/** Builds a family's model, with freshly initialised weights, from a validated config. */
@FunctionalInterface
public interface ModelFactory {

    /**
     * @param config what to build; its input shape is set, and its family config is the family's own record
     * @param schema for the {@code mixed} likelihood, the table schema whose columns the decoder models; else null
     * @param manager parent of the parameters' manager
     * @return the model
     */
    Model create(ModelConfig config, TableSchema schema, NDManager manager);
}
