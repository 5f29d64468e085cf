#!/usr/bin/env python3
"""Report of bench/bits-back.sh: reads RESULTS/{binary,eight-bit}-{eval,compress,decompress,baselines}.json,
RESULTS/two-layer-eval.json, RESULTS/two-layer-{bit-swap,bb-ans}-{compress,decompress}.json,
RESULTS/two-layer-baselines.json and RESULTS/determinism.json (for the models that were run), prints a Markdown report
and writes RESULTS/report.md and RESULTS/report.json."""
import json
import math
import os
import sys

# Published rates on the 8-bit MNIST test set, bits/dim, from a secondary source that quotes the papers (noted per
# row): the papers themselves were not readable from the machine that wrote this script. Check them against the MNIST
# tables of Townsend et al. 2019 (ICLR) and Kingma et al. 2019 (ICML) before quoting, and add Townsend et al.'s
# binarized-MNIST figures, which that source does not give.
PAPERS = {
    "eight-bit": [
        ("BB-ANS, VAE with beta-binomial likelihood (Townsend et al. 2019)", 1.41,
         "as quoted by B. Keng, 'Lossless compression with latent variable models using bits-back coding' (2021)"),
        ("Bit-Swap, 8 latent layers (Kingma et al. 2019)", 1.29, "idem"),
        ("bz2 in Townsend et al. 2019", 1.42, "idem"),
        ("gzip in Townsend et al. 2019", 1.64, "idem"),
    ],
    "binary": [],
    "two-layer": [],
}


def load(results, name):
    with open(os.path.join(results, name)) as f:
        return json.load(f)


def main(results):
    det = load(results, "determinism.json")
    report = {"machine": {k: os.environ.get(v, "") for k, v in [
        ("cpu", "BENCH_CPU"), ("cores", "BENCH_NPROC"), ("date", "BENCH_DATE"), ("load", "BENCH_LOAD"),
        ("commit", "BENCH_COMMIT"), ("threads", "BENCH_THREADS")]}, "determinism": det, "data": {}}
    lines = ["# Bits-back coding of the MNIST test images (bench/bits-back.sh)", ""]
    m = report["machine"]
    lines.append(f"{m['cpu']}, {m['cores']} cores, load {m['load']}; {m['date']}; commit {m['commit']}; "
                 f"--threads {m['threads']} (coding itself on 1 libtorch thread).")
    lines.append("")
    models = os.environ.get("BENCH_MODELS", "binary,eight-bit,two-layer").split(",")
    for name, title in [("binary", "binarized (Bernoulli VAE)"), ("eight-bit", "8-bit (discretized logistic VAE)")]:
        if name not in models:
            continue
        ev = load(results, f"{name}-eval.json")
        co = load(results, f"{name}-compress.json")
        de = load(results, f"{name}-decompress.json")
        ba = load(results, f"{name}-baselines.json")
        n, d = co["images"], ba["features"]
        dims = n * d
        neg_elbo = -ev["elbo"] / (d * math.log(2))
        nll = ev["bitsPerDim"]
        achieved = co["bitsPerDim"]
        row = {
            "images": n, "run": co["run"], "weights": co["weights"], "k": ev["k"],
            "negElboBitsPerDim": neg_elbo, "nllBitsPerDim": nll, "nllStdErrBitsPerDim":
                ev["nllStdErr"] / (d * math.log(2)),
            "achievedBitsPerDim": achieved, "netBitsPerDim": co["netBitsPerDim"],
            "overNegElbo": achieved / neg_elbo - 1,
            "bytes": co["bytes"],
            "png": 8 * ba["png"] / dims, "gzip": 8 * ba["gzip"] / dims, "bzip2": 8 * ba["bzip2"] / dims,
            "xz": 8 * ba["xz"] / dims, "raw": 8 * ba["raw"] / dims,
            "encodeImagesPerSecond": co["imagesPerSecond"], "decodeImagesPerSecond": de["imagesPerSecond"],
            "encodeSeconds": co["seconds"], "decodeSeconds": de["seconds"],
        }
        report["data"][name] = row
        lines += [f"## {title}: {n} test images ({co['run']}, {co['weights']})", "",
                  "| | bits/dim |", "|---|---|",
                  f"| **BB-ANS, vaekit compress (whole file)** | **{achieved:.4f}** |",
                  f"| BB-ANS without initial bits, flush and container | {row['netBitsPerDim']:.4f} |",
                  f"| model's -ELBO (k = {ev['k']} samples of log p(x\\|z), analytic KL) | {neg_elbo:.4f} |",
                  f"| model's NLL, importance sampled (k = {ev['k']}) | {nll:.4f} ± {row['nllStdErrBitsPerDim']:.4f} |",
                  f"| PNG, one file per image ({'1' if name == 'binary' else '8'}-bit grey) | {row['png']:.4f} |",
                  f"| gzip -9 | {row['gzip']:.4f} |", f"| bzip2 -9 | {row['bzip2']:.4f} |",
                  f"| xz -6 | {row['xz']:.4f} |", f"| stored ({'packed bits' if name == 'binary' else 'bytes'}) | "
                  f"{row['raw']:.4f} |"]
        for label, value, source in PAPERS[name]:
            lines.append(f"| {label} [{source}] | {value:.2f} |")
        lines += ["", f"Achieved vs -ELBO: {100 * row['overNegElbo']:+.2f}% (target within 3%). "
                      f"Encode {row['encodeImagesPerSecond']:.1f} images/s ({co['seconds']:.1f} s), "
                      f"decode {row['decodeImagesPerSecond']:.1f} images/s ({de['seconds']:.1f} s).", ""]
    if "two-layer" in models:
        two_layer(results, report, lines)
    for name, d in det.items():
        lines.append(f"Determinism ({name}, 500 binarized test images): two runs identical: {d['sameAcrossRuns']}; "
                     f"--threads 1 vs 2 identical: {d['sameAcrossThreads']}.")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(results, "report.md"), "w") as f:
        f.write(text)
    with open(os.path.join(results, "report.json"), "w") as f:
        json.dump(report, f, indent=2)


def two_layer(results, report, lines):
    """The two-layer bottom-up model, coded by Bit-Swap and by BB-ANS over both layers."""
    name = "two-layer"
    ev = load(results, f"{name}-eval.json")
    ba = load(results, f"{name}-baselines.json")
    d = ba["features"]
    neg_elbo = -ev["elbo"] / (d * math.log(2))
    nll = ev["bitsPerDim"]
    nll_se = ev["nllStdErr"] / (d * math.log(2))
    rows = {}
    for scheme in ("bit-swap", "bb-ans"):
        co = load(results, f"{name}-{scheme}-compress.json")
        de = load(results, f"{name}-{scheme}-decompress.json")
        rows[scheme] = {
            "images": co["images"], "run": co["run"], "weights": co["weights"], "latentLayers": co["latentLayers"],
            "achievedBitsPerDim": co["bitsPerDim"], "netBitsPerDim": co["netBitsPerDim"],
            "overNegElbo": co["bitsPerDim"] / neg_elbo - 1, "initialBits": co["initialBits"], "bytes": co["bytes"],
            "encodeImagesPerSecond": co["imagesPerSecond"], "decodeImagesPerSecond": de["imagesPerSecond"],
            "encodeSeconds": co["seconds"], "decodeSeconds": de["seconds"],
        }
    n = rows["bit-swap"]["images"]
    dims = n * d
    report["data"][name] = {
        "images": n, "k": ev["k"], "negElboBitsPerDim": neg_elbo, "nllBitsPerDim": nll, "nllStdErrBitsPerDim": nll_se,
        "png": 8 * ba["png"] / dims, "gzip": 8 * ba["gzip"] / dims, "bzip2": 8 * ba["bzip2"] / dims,
        "xz": 8 * ba["xz"] / dims, "schemes": rows,
    }
    b, a = rows["bit-swap"], rows["bb-ans"]
    layers = " + ".join(str(v) for v in b["latentLayers"])
    lines += [f"## binarized, two latent layers ({layers}, bottom-up): {n} test images ({b['run']}, {b['weights']})",
              "", "| | Bit-Swap | BB-ANS (both layers) |", "|---|---|---|",
              f"| **vaekit compress (whole file), bits/dim** | **{b['achievedBitsPerDim']:.4f}** | "
              f"**{a['achievedBitsPerDim']:.4f}** |",
              f"| without initial bits, flush and container | {b['netBitsPerDim']:.4f} | {a['netBitsPerDim']:.4f} |",
              f"| achieved vs -ELBO | {100 * b['overNegElbo']:+.3f}% | {100 * a['overNegElbo']:+.3f}% |",
              f"| initial bits | {b['initialBits']:.1f} | {a['initialBits']:.1f} |",
              f"| file, bytes | {b['bytes']} | {a['bytes']} |",
              f"| encode, images/s (seconds) | {b['encodeImagesPerSecond']:.1f} ({b['encodeSeconds']:.1f} s) | "
              f"{a['encodeImagesPerSecond']:.1f} ({a['encodeSeconds']:.1f} s) |",
              f"| decode, images/s (seconds) | {b['decodeImagesPerSecond']:.1f} ({b['decodeSeconds']:.1f} s) | "
              f"{a['decodeImagesPerSecond']:.1f} ({a['decodeSeconds']:.1f} s) |",
              "", "| the same images | bits/dim |", "|---|---|",
              f"| model's -ELBO (k = {ev['k']} samples) | {neg_elbo:.4f} |",
              f"| model's NLL, importance sampled (k = {ev['k']}) | {nll:.4f} ± {nll_se:.4f} |",
              f"| PNG, one file per image (1-bit grey) | {8 * ba['png'] / dims:.4f} |",
              f"| gzip -9 | {8 * ba['gzip'] / dims:.4f} |", f"| bzip2 -9 | {8 * ba['bzip2'] / dims:.4f} |",
              f"| xz -6 | {8 * ba['xz'] / dims:.4f} |"]
    for label, value, source in PAPERS[name]:
        lines.append(f"| {label} [{source}] | {value:.2f} |")
    lines.append("")


if __name__ == "__main__":
    main(sys.argv[1])
