package dev.vaekit.models;

/**
 * The config of a family built on the {@link Vae}: the VAE's fields ({@link #vae}) plus the family's own. The VAE's
 * checks apply to it unchanged unless the family adds its own.
 */
public interface VaeFamilyConfig extends FamilyConfig {

    /** @return the VAE's fields */
    VaeConfig vae();

    /** The VAE's checks. */
    @Override
    default void validate(ModelConfig model) {
        vae().validate(model);
    }

    @Override
    default boolean tableSchema() {
        return vae().likelihood().kind() == LikelihoodKind.MIXED;
    }

    @Override
    default int conditionClasses() {
        return vae().conditionClasses();
    }
}
