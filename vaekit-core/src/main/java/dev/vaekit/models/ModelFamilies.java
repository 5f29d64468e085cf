package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of model families: the one place that maps a {@code model.type} to its family, its config record
 * and its factory. Everything else asks the model (its loss, its capabilities, its likelihood estimator) or the
 * family config (its validation) instead of testing which class a model is.
 *
 * <p>The built-in families register here, one line each. A library user adds one with {@link #register} before
 * building or loading a model of it.
 */
public final class ModelFamilies {
    private static final Map<String, ModelType> TYPES = new LinkedHashMap<>();
    private static final List<ModelFamily> FAMILIES = new ArrayList<>();

    static {
        register(Vae.FAMILY);
        register(PlainAutoencoder.FAMILY);
        for (FlowArchitecture architecture : FlowArchitecture.values()) {
            register(architecture.family());
        }
        register(BetaTcVae.FAMILY);
        register(CapacityVae.FAMILY);
        register(FactorVae.FAMILY);
        register(DipVae.FAMILY);
        register(InfoVae.FAMILY);
        register(WaeMmd.FAMILY);
        register(Swae.FAMILY);
        register(LadderVae.FAMILY);
        register(CategoricalVae.FAMILY);
        register(JointVae.FAMILY);
        register(VqVae.FAMILY);
        register(Nvae.FAMILY);
    }

    private ModelFamilies() {}

    /**
     * Adds a family; its types must be new.
     *
     * @param family the family
     * @throws IllegalArgumentException if one of its types is already registered
     */
    public static synchronized void register(ModelFamily family) {
        for (ModelType type : family.types()) {
            if (TYPES.containsKey(type.name())) {
                throw new IllegalArgumentException("model type " + type.name() + " is already registered");
            }
        }
        family.types().forEach(t -> TYPES.put(t.name(), t));
        FAMILIES.add(family);
    }

    /**
     * @param name a {@code model.type}
     * @return its family and network
     * @throws InvalidInputException if no family gives that type
     */
    public static synchronized ModelType type(String name) {
        ModelType type = name == null ? null : TYPES.get(name);
        if (type == null) {
            throw new InvalidInputException("model.type: unknown model '" + name + "'; expected one of " + types());
        }
        return type;
    }

    /** @return every registered model type, in registration order */
    public static synchronized List<String> types() {
        return List.copyOf(TYPES.keySet());
    }

    /** @return every registered family, in registration order */
    public static synchronized List<ModelFamily> families() {
        return List.copyOf(FAMILIES);
    }
}
