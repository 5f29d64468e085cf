package dev.vaekit.examples;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.vaekit.api.TrainedModel;
import dev.vaekit.api.Training;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.models.Capabilities;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.ModelFamilies;
import dev.vaekit.models.ModelFamily;
import dev.vaekit.models.NetworkFactory;
import dev.vaekit.models.Vae;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.BlockNetwork;
import dev.vaekit.nn.Network;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.nn.Parameters;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingConfig;
import java.nio.file.Path;

/**
 * A VAE on encoder and decoder networks built with DJL's layers, trained with vaekit's ELBO, saved, and loaded again:
 * the networks are registered as a model family of their own, so that a saved model names them and loading rebuilds
 * them. Arguments: epochs (default 5), the folder to save the model in (default runs/djl-vae).
 */
public final class CustomNetworks {
    private CustomNetworks() {}

    // docs:begin networks
    /** Two-layer perceptrons of DJL blocks; vaekit adopts their parameters, so Adam and checkpoints see them. */
    static final NetworkFactory DJL_MLP = new NetworkFactory() {
        @Override
        public Network encoder(Parameters parameters, ModelConfig config, int outputs) {
            return new BlockNetwork(mlp(256, outputs), parameters, "encoder", config.inputDim());
        }

        @Override
        public Network decoder(Parameters parameters, ModelConfig config, int outputsPerFeature) {
            Block block = mlp(256, config.inputDim() * outputsPerFeature);
            return new BlockNetwork(block, parameters, "decoder", config.latentDim());
        }
    };

    static Block mlp(int hidden, int outputs) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(outputs).build());
    }

    /** The family "djl-vae": the VAE's config and objective on these networks; its one type is dense-djl-vae. */
    static final ModelFamily DJL_VAE = ModelFamily.withNetworks(
            "djl-vae",
            "VAE",
            "A VAE on DJL blocks.",
            Capabilities.Likelihood.BOUND,
            VaeConfig.class,
            VaeConfig::defaults,
            (config, schema, manager) -> new Vae(config, DJL_MLP, schema, manager),
            NetworkKind.DENSE);
    // docs:end

    /**
     * @param args epochs, output folder
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path out = Path.of(args.length > 1 ? args[1] : "runs/djl-vae");
        // docs:begin custom
        if (!ModelFamilies.types().contains("dense-djl-vae")) {
            ModelFamilies.register(DJL_VAE); // once per JVM, before training or loading such a model
        }
        DatasetSplit mnist = Datasets.load("mnist-mini", null);
        RunConfig config = RunConfig.builder()
                .model(ModelConfig.builder("dense-djl-vae").latentDim(8).build())
                .training(TrainingConfig.builder().epochs(epochs).build())
                .build();
        try (TrainedModel vae = Training.of(config).fit(mnist.train())) {
            System.out.printf(
                    "trained %d parameters%n", vae.model().parameters().count());
            vae.save(out);
        }
        try (TrainedModel again = TrainedModel.load(out)) { // the registered family rebuilds the DJL networks
            System.out.printf(
                    "test NLL %.2f nats%n",
                    again.evaluate(again.prepare(mnist.test()), 50, 1).nll());
        }
        // docs:end
    }
}
