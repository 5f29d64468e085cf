#!/usr/bin/env python3
"""Reads bench/disentanglement.sh's runs (RUN/disentanglement.json, the JSON line of `vaekit disentanglement`) and
prints the table for BENCHMARKS.md: per model, the mean ± sample standard deviation over its seeds of MIG, SAP, DCI's
disentanglement, completeness and test informativeness, the FactorVAE metric's evaluation accuracy, and from each
run's last epoch (RUN/metrics.jsonl) the training reconstruction term −E_q log p(x|z) and KL in nats, which say how far
training got.

Usage: bench/report_disentanglement.py RESULTS_DIR
"""
import json
import math
import pathlib
import re
import sys

ORDER = ["vae", "beta-vae", "capacity-vae", "beta-tc-vae", "factor-vae", "dip-vae"]
LABELS = {
    "vae": "VAE (β = 1)",
    "beta-vae": "β-VAE (β = 6)",
    "capacity-vae": "capacity β-VAE (γ = 1000, C_max = 25)",
    "beta-tc-vae": "β-TCVAE (β = 6)",
    "factor-vae": "FactorVAE (γ = 40)",
    "dip-vae": "DIP-VAE-I (λ_od = 10, λ_d = 100)",
}
COLUMNS = [
    ("MIG", "mig", "mig"),
    ("SAP", "sap", "sap"),
    ("DCI disentanglement", "dci", "disentanglement"),
    ("DCI completeness", "dci", "completeness"),
    ("DCI informativeness (test)", "dci", "informativenessTest"),
    ("FactorVAE metric (eval)", "factorvae", "evalAccuracy"),
]


def mean_sd(values):
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else float("nan")
    return mean, sd


def cell(values, digits):
    mean, sd = mean_sd(values)
    return f"{mean:.{digits}f} ± {sd:.{digits}f}" if not math.isnan(sd) else f"{mean:.{digits}f}"


def main():
    root = pathlib.Path(sys.argv[1])
    scores = {}
    training = {}
    for f in sorted(root.glob("*/disentanglement.json")):
        m = re.fullmatch(r"(.+)-s(\d+)", f.parent.name)
        if not m:
            continue
        line = json.loads(f.read_text())
        scores.setdefault(m.group(1), []).append(line["metrics"])
        last = json.loads((f.parent / "metrics.jsonl").read_text().splitlines()[-1])
        training.setdefault(m.group(1), []).append((-last["trainReconstruction"], last["trainKl"]))
    settings_file = root / "settings.json"
    settings = json.loads(settings_file.read_text()) if settings_file.exists() else {}
    if settings:
        steps = f" of {settings['batches']} steps" if settings.get("batches") else ""
        print(f"Data {settings['dataset']}, {settings['epochs']} epochs{steps} at learning rate {settings['lr']}, "
              f"metric sample sizes × {settings['fraction']} of disentanglement_lib's, {settings['threads']} engine "
              f"thread(s); {settings['machine']}; started {settings['started']}.")
        print()
    print("| model | seeds | " + " | ".join(c[0] for c in COLUMNS) + " | −E log p(x\\|z) | KL |")
    print("|---|---|" + "---|" * (len(COLUMNS) + 2))
    for name in ORDER + sorted(set(scores) - set(ORDER)):
        runs = scores.get(name)
        if not runs:
            continue
        cells = []
        for _, metric, score in COLUMNS:
            values = [r[metric]["scores"][score] for r in runs if metric in r]
            if not values:
                cells.append("–")
                continue
            cells.append(cell(values, 3))
        for i in range(2):
            cells.append(cell([t[i] for t in training[name]], 1))
        print(f"| {LABELS.get(name, name)} | {len(runs)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
