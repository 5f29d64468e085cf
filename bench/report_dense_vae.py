#!/usr/bin/python3
"""Summarizes a bench/dense-vae.sh run: console table, JSON and a Markdown snippet.

Inputs: vaekit's metrics.jsonl (one object per epoch: epoch, seconds, trainLoss),
the JSON printed by `vaekit eval --json` (nll, nllStdErr, bitsPerDim, elbo, k,
testSize, seconds), the peer's --json-out file, and the outer wall times.
Machine facts come from the BENCH_* environment variables set by dense-vae.sh.
Standard library only.
"""
import argparse
import json
import math
import os
import statistics
import sys


def load_json(path):
    if not path or not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read()
    try:
        return json.loads(text)
    except ValueError:
        # tolerate log lines around the object: take the last line that parses as an object
        for line in reversed(text.splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    pass
        raise SystemExit("report: no JSON object in %s" % path)


def load_metrics(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            if "epoch" in obj and "seconds" in obj:
                rows.append(obj)
    rows.sort(key=lambda r: r["epoch"])
    return rows


def median_after_first(xs):
    warm = xs[1:] if len(xs) > 1 else xs
    return statistics.median(warm) if warm else None


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def fmt(x, spec="%.2f"):
    return "-" if x is None else spec % x


def pm(x, se, spec="%.2f"):
    if x is None:
        return "-"
    return (spec % x) + ("" if se is None else " ± " + (spec % se))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--k", type=int, required=True)
    ap.add_argument("--eval-size", type=int, required=True)
    ap.add_argument("--vaekit-metrics")
    ap.add_argument("--vaekit-eval")
    ap.add_argument("--peer")
    ap.add_argument("--wall")
    ap.add_argument("--no-vaekit", action="store_true")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--json-out", required=True)
    ap.add_argument("--md-out", required=True)
    a = ap.parse_args()

    wall = load_json(a.wall) or {}
    machine = {
        "cpu": os.environ.get("BENCH_CPU"),
        "nproc": int(os.environ.get("BENCH_NPROC", "0")) or None,
        "jdk": os.environ.get("BENCH_JDK"),
        "date": os.environ.get("BENCH_DATE"),
        "commit": os.environ.get("BENCH_COMMIT"),
    }
    settings = {
        "dataset": "mnist (60000 train, dynamic binarization; test binarized once)",
        "model": "784-400-20 ReLU, Bernoulli logits, estimator B (L=1)",
        "optimizer": "Adam lr 1e-3, batch 128",
        "epochs": a.epochs, "k": a.k, "evalSize": a.eval_size,
    }

    # ---- vaekit
    vk = None
    if not a.no_vaekit:
        rows = load_metrics(a.vaekit_metrics)
        ev = load_json(a.vaekit_eval)
        if ev is None:
            raise SystemExit("report: missing vaekit eval JSON %s" % a.vaekit_eval)
        if len(rows) != a.epochs:
            print("report: WARNING: vaekit metrics.jsonl has %d epochs, expected %d"
                  % (len(rows), a.epochs), file=sys.stderr)
        secs = [float(r["seconds"]) for r in rows]
        vk = {
            "epochSeconds": secs,
            "trainLoss": [r.get("trainLoss") for r in rows],
            "medianEpochSeconds": median_after_first(secs),
            "testElbo": ev.get("elbo"),
            "nll": ev.get("nll"),
            "nllStdErr": ev.get("nllStdErr"),
            "bitsPerDim": ev.get("bitsPerDim"),
            "k": ev.get("k"),
            "evalSize": ev.get("testSize"),
            "evalSeconds": ev.get("seconds"),
            "trainWallSeconds": wall.get("vaekitTrainWall"),
            "evalWallSeconds": wall.get("vaekitEvalWall"),
            "eval": ev,
        }
        if vk["k"] not in (None, a.k) or vk["evalSize"] not in (None, a.eval_size):
            print("report: WARNING: vaekit eval used k=%s, %s images (asked k=%d, %d)"
                  % (vk["k"], vk["evalSize"], a.k, a.eval_size), file=sys.stderr)

    # ---- peer
    pr = None
    if not a.no_peer:
        pr = load_json(a.peer)
        if pr is None:
            raise SystemExit("report: missing peer JSON %s" % a.peer)
        pr = dict(pr)
        pr["wallSeconds"] = wall.get("peerWall")

    get = lambda d, key: None if d is None else d.get(key)
    last = lambda xs: xs[-1] if xs else None
    vk_total = (None if vk is None or vk["trainWallSeconds"] is None or vk["evalWallSeconds"] is None
                else vk["trainWallSeconds"] + vk["evalWallSeconds"])
    rows_time = [
        ("train s/epoch (median of epochs 2..%d)" % a.epochs,
         get(vk, "medianEpochSeconds"), get(pr, "medianEpochSeconds")),
        ("first epoch s (warm-up)",
         get(vk, "epochSeconds") and vk["epochSeconds"][0], get(pr, "epochSeconds") and pr["epochSeconds"][0]),
        ("eval s (ELBO + NLL, k=%d, %d images)" % (a.k, a.eval_size),
         get(vk, "evalSeconds"), get(pr, "evalSeconds")),
        ("total wall s incl. startup", vk_total, get(pr, "wallSeconds")),
    ]
    v_nll, p_nll = get(vk, "nll"), get(pr, "nll")
    v_se, p_se = get(vk, "nllStdErr"), get(pr, "nllStdErr")
    nll_diff = v_nll - p_nll if v_nll is not None and p_nll is not None else None
    nll_diff_se = (math.sqrt(v_se ** 2 + p_se ** 2)
                   if nll_diff is not None and v_se is not None and p_se is not None else None)
    v_elbo, p_elbo = get(vk, "testElbo"), get(pr, "testElbo")
    if v_elbo is not None and p_elbo is not None and (v_elbo > 0) != (p_elbo > 0):
        print("report: WARNING: vaekit 'elbo' (%.3f) and peer test ELBO (%.3f) differ in sign; "
              "one of them may be a negative ELBO" % (v_elbo, p_elbo), file=sys.stderr)
    rows_quality = [
        ("final train loss (nats)", get(vk, "trainLoss") and last(vk["trainLoss"]),
         get(pr, "trainLoss") and last(pr["trainLoss"]), None, None),
        ("test ELBO (nats)", v_elbo, p_elbo,
         v_elbo - p_elbo if v_elbo is not None and p_elbo is not None else None, None),
        ("test NLL (nats) ± s.e.", v_nll, p_nll, nll_diff, nll_diff_se),
        ("bits/dim", get(vk, "bitsPerDim"), get(pr, "bitsPerDim"),
         None if get(vk, "bitsPerDim") is None or get(pr, "bitsPerDim") is None
         else vk["bitsPerDim"] - pr["bitsPerDim"], None),
    ]

    blas = (pr or {}).get("blas") or {}
    peer_desc = None
    if pr is not None:
        peer_desc = "PyTorch %s (Debian python3-torch), %s torch threads, %s, OPENBLAS_NUM_THREADS=%s" % (
            pr.get("torchVersion"), pr.get("threads"),
            blas.get("openblasConfig") or ("BLAS: " + ", ".join(blas.get("mappedLibraries") or ["?"])),
            blas.get("OPENBLAS_NUM_THREADS"))

    # ---- console
    out = []
    out.append("")
    out.append("Dense VAE, MNIST: %s; %s; %d epochs; NLL with k=%d on %d test images"
               % (settings["model"], settings["optimizer"], a.epochs, a.k, a.eval_size))
    out.append("machine: %s, %s cores; %s; %s; commit %s"
               % (machine["cpu"], machine["nproc"], machine["jdk"], machine["date"], machine["commit"]))
    if peer_desc:
        out.append("peer: " + peer_desc)
    out.append("")
    out.append("%-44s %10s %10s %12s" % ("workload", "vaekit", "peer", "vaekit/peer"))
    for name, v, p in rows_time:
        out.append("%-44s %10s %10s %12s" % (name, fmt(v), fmt(p), fmt(ratio(v, p), "%.2fx")))
    out.append("")
    out.append("%-44s %18s %18s %18s" % ("quality", "vaekit", "peer", "vaekit - peer"))
    for name, v, p, d, dse in rows_quality:
        vse = v_se if name.startswith("test NLL") else None
        pse = p_se if name.startswith("test NLL") else None
        spec = "%.4f" if name == "bits/dim" else "%.2f"
        out.append("%-44s %18s %18s %18s" % (name, pm(v, vse, spec), pm(p, pse, spec), pm(d, dse, spec)))
    out.append("")
    print("\n".join(out))

    # ---- markdown
    md = []
    md.append("### Dense VAE on MNIST (%s)" % (machine["date"] or "")[:10])
    md.append("")
    md.append("%s; %s; dynamic binarization; %d epochs (epoch 1 = warm-up); "
              "test NLL by importance sampling, k=%d, %d test images."
              % (settings["model"], settings["optimizer"], a.epochs, a.k, a.eval_size))
    md.append("Machine: %s, %s cores; %s. Commit %s."
              % (machine["cpu"], machine["nproc"], machine["jdk"], machine["commit"]))
    if peer_desc:
        md.append("Peer: " + peer_desc + ".")
    md.append("")
    md.append("| workload | vaekit | PyTorch | vaekit / PyTorch |")
    md.append("|---|---:|---:|---:|")
    for name, v, p in rows_time:
        md.append("| %s | %s | %s | %s |" % (name, fmt(v), fmt(p), fmt(ratio(v, p), "%.2f×")))
    md.append("")
    md.append("| quality | vaekit | PyTorch | vaekit − PyTorch |")
    md.append("|---|---:|---:|---:|")
    for name, v, p, d, dse in rows_quality:
        vse = v_se if name.startswith("test NLL") else None
        pse = p_se if name.startswith("test NLL") else None
        spec = "%.4f" if name == "bits/dim" else "%.2f"
        md.append("| %s | %s | %s | %s |" % (name, pm(v, vse, spec), pm(p, pse, spec), pm(d, dse, spec)))
    md.append("")
    md.append("Standard errors are over test images; the difference's s.e. combines both as independent.")
    md.append("")
    with open(a.md_out, "w") as f:
        f.write("\n".join(md))

    # ---- json
    result = {
        "benchmark": "dense-vae",
        "machine": machine,
        "settings": settings,
        "vaekit": vk,
        "peer": pr,
        "ratios": {
            "trainEpoch": ratio(get(vk, "medianEpochSeconds"), get(pr, "medianEpochSeconds")),
            "eval": ratio(get(vk, "evalSeconds"), get(pr, "evalSeconds")),
        },
        "nllDiff": nll_diff,
        "nllDiffStdErr": nll_diff_se,
    }
    with open(a.json_out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
