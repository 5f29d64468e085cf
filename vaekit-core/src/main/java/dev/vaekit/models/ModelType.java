package dev.vaekit.models;

import dev.vaekit.nn.NetworkKind;

/**
 * A value of {@code model.type} resolved by the {@link ModelFamilies registry}: the family it belongs to and the
 * network it is built with.
 *
 * @param name the type, e.g. {@code conv-vae}
 * @param family its family
 * @param network its network
 */
public record ModelType(String name, ModelFamily family, NetworkKind network) {}
