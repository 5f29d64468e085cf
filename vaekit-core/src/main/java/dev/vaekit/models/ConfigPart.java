package dev.vaekit.models;

/**
 * A record that is part of a model config and is written flat into its {@code model} section: its fields sit beside
 * the shared ones ({@code model.prior}, not {@code model.vae.prior}), so that a config names each field once whatever
 * record holds it (see {@link ModelConfigJson}).
 */
public interface ConfigPart {}
