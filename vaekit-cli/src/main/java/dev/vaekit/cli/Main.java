package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.VaekitException;
import dev.vaekit.engine.Engines;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point. Exit codes: 0 success, 2 bad input or usage, 1 anything else. Errors are one line on stderr; the stack
 * trace only with {@code --debug}.
 */
@Command(
        name = "vaekit",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Variational autoencoders for the JVM: train, evaluate and use VAEs.",
        subcommands = {
            QuickstartCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            SampleCommand.class,
            FitSamplerCommand.class,
            ReconstructCommand.class,
            EncodeCommand.class,
            DecodeCommand.class,
            InterpolateCommand.class,
            ManifoldCommand.class,
            DensityPlotCommand.class,
            LatentPlotCommand.class,
            TraverseCommand.class,
            DisentanglementCommand.class,
            SampleQualityCommand.class,
            PlotCommand.class,
            ScoreCommand.class,
            ExportCommand.class,
            PackCommand.class,
            CompressCommand.class,
            DecompressCommand.class,
            CompareCommand.class,
            DemoCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit code for bad input or usage. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for any other failure. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args arguments
     */
    public static void main(String[] args) {
        if (needsEngine(args)) {
            Engines.preloadNativeLibraries(); // overlaps libtorch's load with option parsing and config reading
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line without exiting, for tests.
     *
     * @param args arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            String command = ex.getCommandLine().getCommandName();
            err.println(command + ": " + ex.getMessage() + " (see '" + fullName(ex.getCommandLine()) + " --help')");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (debug) {
                ex.printStackTrace(err);
            }
            String command = fullName(commandLine);
            if (ex instanceof InvalidInputException) {
                err.println(command + ": " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof VaekitException || ex instanceof UncheckedIOException) {
                err.println(command + ": " + ex.getMessage());
                return EXIT_FAILURE;
            }
            err.println(command + ": internal error: " + ex + (debug ? "" : " (rerun with --debug for details)"));
            return EXIT_FAILURE;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // the last line of defence: readers refuse inputs too large for their purpose before allocating
            err.println("vaekit: out of memory (" + e.getMessage() + "); give the JVM more with "
                    + "VAEKIT_JAVA_OPTS=-Xmx<size>, or use smaller batches, --eval-size or --n");
            return EXIT_FAILURE;
        }
    }

    /**
     * @return whether the command line names a command that will start the tensor engine (all but help, version and
     *     {@code plot}), so that its native libraries are worth loading in the background from the start
     */
    static boolean needsEngine(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || args[0].equals("help") || args[0].equals("plot")) {
            return false;
        }
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V")) {
                return false;
            }
        }
        return true;
    }

    private static String fullName(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
    }

    /** Prints vaekit's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vaekit " + dev.vaekit.util.Versions.vaekit()};
        }
    }
}
