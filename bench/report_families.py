#!/usr/bin/env python3
"""Report of bench/families.sh: reads OUT/NAME/{run/metrics.jsonl,eval.json,sample-quality.json} for each NAME given
and prints one Markdown table (a row per entry that was run) with the settings of OUT/settings.txt above it."""
import json
import os
import statistics
import sys


def load_json(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read().strip()
    return json.loads(text.splitlines()[-1]) if text else None


def last_line(path):
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip()]
    return lines[-1] if lines else ""


def training(run):
    path = os.path.join(run, "metrics.jsonl")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        epochs = [json.loads(l) for l in f if l.strip()]
    if not epochs:
        return None
    seconds = [e["seconds"] for e in epochs[1:]] or [epochs[0]["seconds"]]  # epoch 1 warms up
    # the last epoch that measured the codebook (a VQ-VAE's prior epochs come after its autoencoder's)
    codebook = next((e["trainTerms"] for e in reversed(epochs) if "usage" in e.get("trainTerms", {})), None)
    return {"epochs": len(epochs), "seconds": statistics.median(seconds), "codebook": codebook}


def units(evaluation, codebook):
    if codebook:
        return "codebook %.0f%%, perplexity %.1f" % (100 * codebook["usage"], codebook["perplexity"])
    if evaluation and "activeUnits" in evaluation:
        return "%d of %d" % (evaluation["activeUnits"], evaluation["latentDim"])
    return "—"


NOTES = []


def reason(folder, name, what):
    """'—' for the table, the command's one-line refusal as a note under it."""
    line = last_line(os.path.join(folder, what + ".err"))
    if line:
        NOTES.append("%s, %s: %s" % (name, what, line))
    return "—"


def row(out, name):
    folder = os.path.join(out, name)
    if not os.path.isdir(folder):
        return None
    t = training(os.path.join(folder, "run"))
    if t is None:
        failed = last_line(os.path.join(folder, "failed.txt"))
        return "| %s | %s | | | | | | |" % (name, failed or "not finished")
    e = load_json(os.path.join(folder, "eval.json"))
    q = load_json(os.path.join(folder, "sample-quality.json"))
    nll = "%.2f ± %.2f (%d, %d)" % (e["nll"], e["nllStdErr"], e["k"], e["testSize"]) if e else reason(folder, name, "eval")
    elbo = "%.2f" % e["elbo"] if e and e.get("elbo") is not None else "—"
    if q:
        s = q["scores"]["samples"]
        quality = ["%.2f" % s["frechetDistance"], "%.3f / %.3f" % (s["precision"], s["recall"])]
    else:
        quality = [reason(folder, name, "sample-quality"), "—"]
    cells = [name, nll, elbo, units(e, t["codebook"])] + quality + ["%d" % t["epochs"], "%.1f" % t["seconds"]]
    return "| " + " | ".join(cells) + " |"


def main():
    out, names = sys.argv[1], sys.argv[2:]
    settings = os.path.join(out, "settings.txt")
    if os.path.exists(settings):
        with open(settings) as f:
            for line in f:
                print(line.rstrip() + "  ")
        print()
    print("| entry | test NLL ± s.e., nats (k, n) | test ELBO | active units / codebook | Fréchet distance | "
          "precision / recall | epochs | s/epoch |")
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    reference = None
    for name in names:
        r = row(out, name)
        if r:
            print(r)
        q = load_json(os.path.join(out, name, "sample-quality.json"))
        if q and reference is None and q["scores"].get("reference"):
            reference, classifier = q["scores"]["reference"], q["classifier"]
    if reference:
        print("| real training images the classifier never saw (reference) | | | | %.2f | %.3f / %.3f | | |" % (
            reference["frechetDistance"], reference["precision"], reference["recall"]))
        print()
        print("Sample quality: %d samples against the first %d test images, k = %d nearest neighbours, in the %d "
              "features of vaekit's classifier %s (%s; test accuracy %.4f); not Inception FIDs." % (
                  reference["n"], reference["n"], reference["k"], classifier["featureDim"], classifier["key"],
                  classifier["architecture"], classifier["testAccuracy"]))
    if NOTES:
        print()
        for note in NOTES:
            print("- " + note)


if __name__ == "__main__":
    main()
