package dev.vaekit.models;

import dev.vaekit.nn.ConvDecoder;
import dev.vaekit.nn.ConvEncoder;
import dev.vaekit.nn.Mlp;
import dev.vaekit.nn.Network;
import dev.vaekit.nn.Parameters;
import dev.vaekit.nn.PixelCnn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The encoder and decoder networks a {@link ModelConfig} names. Built encoder first, so that a seeded engine
 * initialises a VAE's and a plain autoencoder's shared tensors the same way.
 */
final class Networks {
    private Networks() {}

    /**
     * @return the encoder x → {@code outputs} values, parameters {@code encoder.*}; a conditional model's encoder reads
     *     x joined to its one-hot label
     */
    static Network encoder(Parameters parameters, ModelConfig config, int outputs) {
        return switch (config.network()) {
            case DENSE -> new Mlp(
                    parameters,
                    "encoder",
                    config.inputDim() + config.conditionClasses(),
                    config.hidden(),
                    outputs,
                    config.activation());
            case CONV, RESNET, PIXEL -> new ConvEncoder(
                    parameters,
                    "encoder",
                    config.inputShape(),
                    config.conditionClasses(),
                    config.hidden(),
                    blocks(config),
                    outputs,
                    config.activation());
        };
    }

    /**
     * @param outputsPerFeature decoder outputs per feature of x: the observation model's parameters per feature
     *     ({@link ObservationModel#parametersPerFeature}), or feature channels for a PixelCNN to read
     * @return the decoder z → d·outputsPerFeature values, parameters {@code decoder.*}; a conditional model's decoder
     *     reads z joined to the one-hot label
     */
    static Network decoder(Parameters parameters, ModelConfig config, int outputsPerFeature) {
        return switch (config.network()) {
            case DENSE -> {
                List<Integer> mirrored = new ArrayList<>(config.hidden());
                Collections.reverse(mirrored);
                yield new Mlp(
                        parameters,
                        "decoder",
                        config.latentDim() + config.conditionClasses(),
                        mirrored,
                        config.inputDim() * outputsPerFeature,
                        config.activation());
            }
            case CONV, RESNET, PIXEL -> new ConvDecoder(
                    parameters,
                    "decoder",
                    config.latentDim() + config.conditionClasses(),
                    config.inputShape(),
                    config.hidden(),
                    blocks(config),
                    outputsPerFeature,
                    config.activation());
        };
    }

    /**
     * The PixelCNN that a {@code pixel} model's decoder output conditions: {@code pixelLayers} gated layers of
     * {@code pixelChannels} channels reading the {@link ConvDecoder}'s output, {@code pixelChannels} feature maps per
     * image channel, and giving the observation model's parameters per feature, each output reading the earlier
     * colours of its pixel only ({@link ObservationModel#outputColours}).
     *
     * @param likelihood the observation model
     * @return the PixelCNN, parameters {@code decoder.pixel.*}
     */
    static PixelCnn pixelCnn(Parameters parameters, ModelConfig config, VaeConfig vae, LikelihoodConfig likelihood) {
        int channels = config.inputShape().get(0);
        return new PixelCnn(
                parameters,
                "decoder.pixel",
                config.inputShape(),
                vae.pixelLayers(),
                vae.pixelChannels(),
                vae.pixelChannels() * channels,
                ObservationModel.parametersPerFeature(likelihood, channels),
                channels == 1 ? null : ObservationModel.outputColours(likelihood, channels));
    }

    private static int blocks(ModelConfig config) {
        return switch (config.network()) {
            case RESNET, PIXEL -> config.residualBlocks();
            case DENSE, CONV -> 0;
        };
    }
}
