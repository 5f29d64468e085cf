#!/usr/bin/python3
"""Turns bench/perf.sh's outputs into the console table, perf.json and perf.md (usage: report_perf.py DIR THREADS).

FLOP counts (multiply-adds count 2):
  dense VAE epoch   layers 784-400, 400-40, 20-400, 400-784: forward 2*in*out each, backward 2*in*out for the weight
                    gradient of every layer and 2*in*out for the input gradient of all but the first; 60000 examples
  IWAE evaluation   the decoder 20-400-784 once per sample (k per image) and the encoder once per image
  conv VAE step     the convolutions and dense layers of configs/conv-vae.yaml at 28x28, three times the forward
                    (forward, weight and input gradients; the first layer's input gradient is not needed, ignored)
The GEMM ceiling is the fastest of the product shapes that each side measured in the same run.
"""
import json
import os
import subprocess
import sys


def jsonl(path):
    if not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path) if line.startswith("{")]


def dense_epoch_flop():
    layers = [(784, 400), (400, 40), (20, 400), (400, 784)]
    per = sum(2 * i * o for i, o in layers) * 3 - 2 * 784 * 400
    return per * 60000.0


def iwae_flop(k, n):
    decoder = 2 * (20 * 400 + 400 * 784)
    encoder = 2 * (784 * 400 + 400 * 40)
    return n * (k * decoder + encoder)


def conv_step_flop(batch=100):
    forward = (14 * 14 * 32 * 1 * 16 * 2      # conv 1->32, 28->14
               + 7 * 7 * 64 * 32 * 16 * 2     # conv 32->64, 14->7
               + 2 * 3136 * 64                # dense to 2x32
               + 2 * 32 * 3136                # dense from z
               + 7 * 7 * 64 * 32 * 16 * 2     # transposed conv 64->32, 7->14
               + 14 * 14 * 32 * 1 * 16 * 2)   # transposed conv 32->1, 14->28
    return 3.0 * forward * batch


def main():
    d, threads = sys.argv[1], sys.argv[2]
    vg, pg = jsonl(d + "/vaekit-gemm.jsonl"), jsonl(d + "/peer-gemm.jsonl")
    v_ceiling = max(g["gflops"] for g in vg)
    p_ceiling = max(g["gflops"] for g in pg)
    dense = json.load(open(d + "/dense-vae.json"))
    vs = {s["workload"]: s for s in jsonl(d + "/vaekit-steps.jsonl")}
    ps = {s["workload"]: s for s in jsonl(d + "/peer-steps.jsonl")}
    cli = json.load(open(d + "/cli.json"))
    rss_mib = int(open(d + "/train-rss-kib.txt").read().split()[-1]) / 1024
    k, n = dense["settings"]["k"], dense["settings"]["evalSize"]
    rows = []

    def row(name, v, p, flop, target, unit="s"):
        ratio = v / p if (v and p) else None
        gf_v = flop / v / 1e9 if (flop and v) else None
        gf_p = flop / p / 1e9 if (flop and p) else None
        met = None
        if target is not None:
            kind, bound = target
            value = ratio if kind == "ratio" else v
            met = value is not None and value <= bound
        rows.append({"workload": name, "vaekit": v, "peer": p, "ratio": ratio, "unit": unit,
                     "vaekitGflops": gf_v, "peerGflops": gf_p,
                     "vaekitCeilingFraction": gf_v / v_ceiling if gf_v else None,
                     "peerCeilingFraction": gf_p / p_ceiling if gf_p else None,
                     "target": None if target is None else ("<= %gx peer" % target[1] if target[0] == "ratio"
                                                            else "<= %g %s" % (target[1], unit)),
                     "met": met})

    row("dense VAE training epoch (MNIST, batch 128)", dense["vaekit"]["medianEpochSeconds"],
        dense["peer"]["medianEpochSeconds"], dense_epoch_flop(), ("ratio", 0.5))
    row("IWAE evaluation, k = %d, %d test images" % (k, n), dense["vaekit"]["evalSeconds"],
        dense["peer"]["evalSeconds"], iwae_flop(k, n), ("ratio", 0.5))
    c = "step conv-vae.yaml"
    row("conv VAE training step (batch 100)", vs.get(c, {}).get("secondsPerStep"),
        ps.get(c, {}).get("secondsPerStep"), conv_step_flop(), ("ratio", 0.7))
    for name, label in (("step pixel-vae.yaml", "PixelVAE training step (batch 100)"),
                        ("step realnvp-mnist.yaml", "RealNVP training step (batch 64)")):
        row(label, vs.get(name, {}).get("secondsPerStep"), None, None, None)
    row("`vaekit --help` start-up, wall", cli["helpSeconds"], None, None, ("abs", 1.0))
    row("`vaekit sample` (64 images), wall", cli["sampleSeconds"], None, None, ("abs", 3.0))
    row("peak RSS, 1 epoch of MNIST training", rss_mib, None, None, ("abs", 1024), unit="MiB")

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    meta = {"date": dense["machine"]["date"], "commit": commit, "jdk": dense["machine"]["jdk"],
            "cpu": dense["machine"]["cpu"], "nproc": dense["machine"]["nproc"], "threads": int(threads),
            "gemmCeilingGflops": {"vaekit": v_ceiling, "peer": p_ceiling},
            "gemm": {"vaekit": vg, "peer": pg}}
    json.dump({"meta": meta, "rows": rows}, open(d + "/perf.json", "w"), indent=1)

    def fmt(x, unit):
        if x is None:
            return "-"
        return "%.0f" % x if unit == "MiB" else ("%.3g" % x)

    lines = ["| workload | vaekit | peer | vaekit/peer | GFLOP/s vaekit (of ceiling) | GFLOP/s peer (of ceiling) | target | met |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        u = r["unit"]
        gv = "-" if r["vaekitGflops"] is None else "%.1f (%.0f%%)" % (r["vaekitGflops"], 100 * r["vaekitCeilingFraction"])
        gp = "-" if r["peerGflops"] is None else "%.1f (%.0f%%)" % (r["peerGflops"], 100 * r["peerCeilingFraction"])
        lines.append("| %s | %s %s | %s | %s | %s | %s | %s | %s |" % (
            r["workload"], fmt(r["vaekit"], u), u, fmt(r["peer"], u),
            "-" if r["ratio"] is None else "%.2f×" % r["ratio"], gv, gp, r["target"] or "-",
            "-" if r["met"] is None else ("yes" if r["met"] else "**no**")))
    head = ("GEMM ceiling in this run (fastest product shape): vaekit/libtorch %.0f GFLOP/s, peer %.0f GFLOP/s; "
            "%d threads each; %s, %s, commit %s, %s" % (v_ceiling, p_ceiling, int(threads), meta["cpu"],
                                                     meta["jdk"].split(": ")[-1], commit, meta["date"]))
    text = head + "\n\n" + "\n".join(lines) + "\n"
    open(d + "/perf.md", "w").write(text)
    print(text)


if __name__ == "__main__":
    main()
