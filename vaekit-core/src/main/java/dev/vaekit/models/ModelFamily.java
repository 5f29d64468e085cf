package dev.vaekit.models;

import dev.vaekit.nn.NetworkKind;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One kind of model vaekit can build, as the {@link ModelFamilies registry} knows it: its name, the config record that
 * holds its own fields, the defaults of that record, and the factory that builds it. A family is its config record,
 * its model class and one registration.
 *
 * <p>A family built on vaekit's encoder and decoder networks lists the {@link NetworkKind networks} it takes; each
 * gives one model type, {@code <network>-<name>} ({@code conv-vae}, {@code dense-beta-tc-vae}). A family whose
 * network is part of its definition (the stand-alone flows) has one type, its name, and an implied network.
 *
 * @param name the family's name, e.g. {@code vae} or {@code realnvp}
 * @param noun what to call one of its models in messages, e.g. {@code VAE}, {@code plain autoencoder}, {@code flow}
 * @param summary one sentence for help texts and the docs
 * @param likelihood what its models know of p(x) ({@link Capabilities#likelihood}), known before one is built (the
 *     loss curves of a run folder are labelled by it)
 * @param configClass the record of its own fields
 * @param defaults its config with every field at its default
 * @param factory builds a model from a config
 * @param networks the networks it takes, each one type {@code <network>-<name>}; empty for a bare type
 * @param impliedNetwork for a bare type, the network its architecture uses (for the shared {@code model.hidden} and
 *     {@code model.residualBlocks}); null otherwise
 * @param variant for the family's own use: e.g. which flow architecture a bare type stands for; may be null
 */
public record ModelFamily(
        String name,
        String noun,
        String summary,
        Capabilities.Likelihood likelihood,
        Class<? extends FamilyConfig> configClass,
        Supplier<? extends FamilyConfig> defaults,
        ModelFactory factory,
        List<NetworkKind> networks,
        NetworkKind impliedNetwork,
        Object variant) {

    /** Validates the description. */
    public ModelFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(noun, "noun");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(likelihood, "likelihood");
        Objects.requireNonNull(configClass, "configClass");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(factory, "factory");
        networks = List.copyOf(networks);
        if (networks.isEmpty() == (impliedNetwork == null)) {
            throw new IllegalArgumentException(
                    name + ": a family lists the networks it takes, or has one implied network, not both");
        }
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("family name '" + name + "' must be lower-case words joined by '-'");
        }
    }

    /**
     * A family built on vaekit's networks: one type per network, {@code <network>-<name>}.
     *
     * @param name the family's name
     * @param noun what to call one of its models
     * @param summary one sentence
     * @param likelihood what its models know of p(x)
     * @param configClass its config record
     * @param defaults its default config
     * @param factory its factory
     * @param networks the networks it takes
     * @param <C> its config record
     * @return the family
     */
    public static <C extends FamilyConfig> ModelFamily withNetworks(
            String name,
            String noun,
            String summary,
            Capabilities.Likelihood likelihood,
            Class<C> configClass,
            Supplier<C> defaults,
            ModelFactory factory,
            NetworkKind... networks) {
        return new ModelFamily(
                name, noun, summary, likelihood, configClass, defaults, factory, List.of(networks), null, null);
    }

    /**
     * A family with one type, its name, whose architecture fixes its network.
     *
     * @param name the family's name, also its type
     * @param noun what to call one of its models
     * @param summary one sentence
     * @param likelihood what its models know of p(x)
     * @param configClass its config record
     * @param defaults its default config
     * @param factory its factory
     * @param network the network its architecture uses
     * @param variant for the family's own use, or null
     * @param <C> its config record
     * @return the family
     */
    public static <C extends FamilyConfig> ModelFamily bare(
            String name,
            String noun,
            String summary,
            Capabilities.Likelihood likelihood,
            Class<C> configClass,
            Supplier<C> defaults,
            ModelFactory factory,
            NetworkKind network,
            Object variant) {
        return new ModelFamily(
                name, noun, summary, likelihood, configClass, defaults, factory, List.of(), network, variant);
    }

    /** @return the model types this family gives: one per network, or its bare name */
    public List<ModelType> types() {
        if (networks.isEmpty()) {
            return List.of(new ModelType(name, this, impliedNetwork));
        }
        return networks.stream()
                .map(n -> new ModelType(n.id() + "-" + name, this, n))
                .toList();
    }
}
