package dev.vaekit.eval.disentanglement;

import dev.vaekit.data.factors.Factor;
import dev.vaekit.data.factors.FactorValues;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Representations of known quality over {@link #DATA}, whose observation is the vector of its factors' values: a
 * constant colour, then five factors of dSprites' sizes (3, 6, 40, 32, 32) with values evenly spaced in [0, 1].
 */
final class Codes {
    private Codes() {}

    /** dSprites' factor sizes with values in [0, 1], after a one-valued colour that no metric scores. */
    static final FactorValues DATA = new FactorValues(
            "unit-dsprites",
            List.of(
                    new Factor("color", new double[] {1}),
                    new Factor("shape", Factor.linspace(0, 1, 3)),
                    new Factor("scale", Factor.linspace(0, 1, 6)),
                    new Factor("orientation", Factor.linspace(0, 1, 40)),
                    new Factor("posX", Factor.linspace(0, 1, 32)),
                    new Factor("posY", Factor.linspace(0, 1, 32))));

    /** Scored factors of {@link #DATA}. */
    static final int FACTORS = 5;

    /** @return codes = the five scored factors' values: perfectly disentangled */
    static RepresentationFunction identity() {
        return obs -> {
            float[][] out = new float[obs.length][FACTORS];
            for (int i = 0; i < obs.length; i++) {
                System.arraycopy(obs[i], 1, out[i], 0, FACTORS);
            }
            return out;
        };
    }

    /** @return codes = a random rotation of the identity's: every dimension mixes every factor */
    static RepresentationFunction rotated(long seed) {
        double[][] q = rotation(FACTORS, new Random(seed));
        return obs -> {
            float[][] out = new float[obs.length][FACTORS];
            for (int i = 0; i < obs.length; i++) {
                for (int a = 0; a < FACTORS; a++) {
                    double s = 0;
                    for (int b = 0; b < FACTORS; b++) {
                        s += q[a][b] * (obs[i][1 + b] - 0.5);
                    }
                    out[i][a] = (float) s;
                }
            }
            return out;
        };
    }

    /** @return codes drawn uniformly, independently of the observation */
    static RepresentationFunction noise(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return obs -> {
            float[][] out = new float[obs.length][FACTORS];
            for (float[] row : out) {
                for (int a = 0; a < FACTORS; a++) {
                    row[a] = (float) random.nextDouble();
                }
            }
            return out;
        };
    }

    /** @return the identity's codes with the first factor (shape) repeated in a sixth dimension */
    static RepresentationFunction duplicated() {
        return obs -> {
            float[][] out = new float[obs.length][FACTORS + 1];
            for (int i = 0; i < obs.length; i++) {
                System.arraycopy(obs[i], 1, out[i], 0, FACTORS);
                out[i][FACTORS] = obs[i][1];
            }
            return out;
        };
    }

    /** @return a random orthogonal matrix (Gram–Schmidt on Gaussian rows) */
    static double[][] rotation(int d, Random random) {
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = random.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += v[j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    v[j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            for (int j = 0; j < d; j++) {
                q[i][j] = v[j] / Math.sqrt(norm);
            }
        }
        return q;
    }
}
