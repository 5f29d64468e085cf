#!/usr/bin/python3
"""PyTorch peer of vaekit's dense MNIST VAE (for bench/dense-vae.sh).

Model (Kingma & Welling 2014, same as vaekit's dense VAE):
  encoder  784 -> 400 ReLU -> (mean 20, log-variance 20)   [one Linear 400->40, split]
  decoder  20 -> 400 ReLU -> 784 logits, Bernoulli likelihood
  loss     estimator B (analytic KL, L=1 sample), summed over pixels,
           averaged over the batch
  training Adam(lr=1e-3), batch 128, reshuffled every epoch, all 60000
           training images, dynamic binarization (fresh Bernoulli draw per batch)
Evaluation on the test set binarized once (torch generator seed 0):
  test ELBO (estimator B, one z per image, fixed seed) and
  log p(x) ~= logsumexp_i [log p(x|z_i) + log p(z_i) - log q(z_i|x)] - log k,
  z_i ~ q(z|x), computed in bounded-memory chunks.

Run with Debian's /usr/bin/python3 (python3-torch) and, for speed, with
bench/.peer/env.sh sourced (OpenBLAS instead of the reference BLAS);
see bench/setup-peer.sh.
"""
import argparse
import gzip
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LOG_2PI = math.log(2.0 * math.pi)


# --------------------------------------------------------------------------- data
def default_data_dir():
    base = os.environ.get("VAEKIT_DATA")
    if not base:
        cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(cache, "vaekit", "datasets")
    return os.path.join(base, "mnist")


def read_idx_images(data_dir, stem):
    """Reads an IDX3 ubyte image file (plain or .gz) -> float32 array [n, 784] in [0, 1]."""
    for name, opener in ((stem, open), (stem + ".gz", gzip.open)):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            with opener(path, "rb") as f:
                raw = f.read()
            break
    else:
        raise FileNotFoundError("no %s(.gz) in %s (run scripts/fetch-datasets.sh or pass --data-dir)"
                                % (stem, data_dir))
    magic = int.from_bytes(raw[0:4], "big")
    if magic != 0x00000803:
        raise ValueError("%s: bad IDX3 magic 0x%08x" % (path, magic))
    n, rows, cols = (int.from_bytes(raw[i:i + 4], "big") for i in (4, 8, 12))
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16, count=n * rows * cols)
    return pixels.reshape(n, rows * cols).astype(np.float32) / 255.0


# --------------------------------------------------------------------------- model
class VAE(nn.Module):
    def __init__(self, x_dim=784, hidden=400, latent=20):
        super().__init__()
        self.latent = latent
        self.enc = nn.Linear(x_dim, hidden)
        self.enc_head = nn.Linear(hidden, 2 * latent)  # [mean | log-variance]
        self.dec = nn.Linear(latent, hidden)
        self.dec_out = nn.Linear(hidden, x_dim)

    def encode(self, x):
        h = F.relu(self.enc(x))
        mean, logvar = self.enc_head(h).chunk(2, dim=-1)
        return mean, logvar

    def decode(self, z):
        return self.dec_out(F.relu(self.dec(z)))  # Bernoulli logits

    def neg_elbo(self, x, generator=None):
        """Per-datapoint negative ELBO (estimator B, L=1) -> tensor [batch]."""
        mean, logvar = self.encode(x)
        eps = torch.randn(mean.shape, generator=generator, dtype=mean.dtype)
        z = mean + torch.exp(0.5 * logvar) * eps
        logits = self.decode(z)
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(-1)
        kl = 0.5 * (mean.pow(2) + logvar.exp() - 1.0 - logvar).sum(-1)
        return rec + kl


# --------------------------------------------------------------------------- eval
@torch.no_grad()
def importance_sampled_log_px(model, x, k, generator, max_rows=8192):
    """log p(x) estimates, shape [n], float64. Memory is bounded by max_rows
    decoder rows (images x samples) at a time."""
    n = x.shape[0]
    imgs_per_chunk = max(1, max_rows // k)
    samples_per_chunk = min(k, max_rows)
    out = torch.empty(n, dtype=torch.float64)
    for i0 in range(0, n, imgs_per_chunk):
        xb = x[i0:i0 + imgs_per_chunk]                      # [m, D]
        m = xb.shape[0]
        mean, logvar = model.encode(xb)                     # [m, L]
        std = torch.exp(0.5 * logvar)
        logw = []
        for s0 in range(0, k, samples_per_chunk):
            s = min(samples_per_chunk, k - s0)
            eps = torch.randn((s, m, model.latent), generator=generator)
            z = mean + std * eps                            # [s, m, L]
            logits = model.decode(z)                        # [s, m, D]
            # log Bernoulli(x | logits) = x.logits - softplus(logits), summed over pixels
            log_px_z = torch.einsum("smd,md->sm", logits, xb) - F.softplus(logits).sum(-1)
            log_pz = -0.5 * (z.pow(2).sum(-1) + model.latent * LOG_2PI)
            log_qz = -0.5 * (eps.pow(2).sum(-1) + logvar.sum(-1) + model.latent * LOG_2PI)
            logw.append(log_px_z + log_pz - log_qz)         # [s, m] float32
        logw = torch.cat(logw, 0).double()                  # [k, m]
        out[i0:i0 + m] = torch.logsumexp(logw, 0) - math.log(k)
    return out


# --------------------------------------------------------------------------- blas info
def blas_info():
    info = {
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "LD_LIBRARY_PATH": os.environ.get("LD_LIBRARY_PATH"),
    }
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f
                           if "/" in line and ("blas" in line.lower() or "lapack" in line.lower())})
    except OSError:
        libs = []
    info["mappedLibraries"] = libs
    openblas = [p for p in libs if "openblas" in os.path.basename(p)]
    info["openblas"] = bool(openblas)
    if openblas:
        try:
            import ctypes
            lib = ctypes.CDLL(openblas[0])
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            info["openblasConfig"] = lib.openblas_get_config().decode()
            info["openblasCore"] = lib.openblas_get_corename().decode()
            info["openblasThreads"] = lib.openblas_get_num_threads()
        except Exception as e:  # informational only
            info["openblasConfigError"] = str(e)
    return info


# --------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=None, help="MNIST IDX directory (default: vaekit data cache)")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    ap.add_argument("--hidden", type=int, default=400)
    ap.add_argument("--latent-dim", type=int, default=20)
    ap.add_argument("--k", type=int, default=5000, help="importance samples per test image")
    ap.add_argument("--eval-size", type=int, default=10000, help="number of test images evaluated")
    ap.add_argument("--json-out", default=None)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data_dir = args.data_dir or default_data_dir()

    train = torch.from_numpy(read_idx_images(data_dir, "train-images-idx3-ubyte"))
    test = torch.from_numpy(read_idx_images(data_dir, "t10k-images-idx3-ubyte"))
    n_train = train.shape[0]
    blas = blas_info()
    print("peer: torch %s, threads=%d, BLAS=%s, data=%s (%d train, %d test)"
          % (torch.__version__, torch.get_num_threads(),
             blas.get("openblasConfig") or ",".join(blas["mappedLibraries"]) or "?",
             data_dir, n_train, test.shape[0]), flush=True)

    model = VAE(train.shape[1], args.hidden, args.latent_dim)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)

    epoch_seconds, train_losses = [], []
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        perm = torch.randperm(n_train)
        total = 0.0
        for b0 in range(0, n_train, args.batch_size):
            x = train[perm[b0:b0 + args.batch_size]]
            x = (torch.rand_like(x) < x).float()           # dynamic binarization
            loss_vec = model.neg_elbo(x)
            loss = loss_vec.mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * x.shape[0]
        dt = time.perf_counter() - t0
        epoch_seconds.append(dt)
        train_losses.append(total / n_train)
        print("epoch %3d  %8.3f s  train loss %.4f" % (epoch, dt, total / n_train), flush=True)

    warm = epoch_seconds[1:] if len(epoch_seconds) > 1 else epoch_seconds
    median_epoch = statistics.median(warm) if warm else float("nan")

    # ---- evaluation on the test set, binarized once with a fixed seed
    model.eval()
    n_eval = min(args.eval_size, test.shape[0])
    g = torch.Generator().manual_seed(0)
    x_test = (torch.rand(test[:n_eval].shape, generator=g) < test[:n_eval]).float()

    t0 = time.perf_counter()
    with torch.no_grad():
        g_elbo = torch.Generator().manual_seed(1)
        elbo = -torch.cat([model.neg_elbo(x_test[i:i + 1000], g_elbo)
                           for i in range(0, n_eval, 1000)]).double()
    test_elbo = elbo.mean().item()
    elbo_seconds = time.perf_counter() - t0

    t1 = time.perf_counter()
    log_px = importance_sampled_log_px(model, x_test, args.k, torch.Generator().manual_seed(2))
    nll_seconds = time.perf_counter() - t1
    eval_seconds = time.perf_counter() - t0

    nll = -log_px.mean().item()
    nll_se = (log_px.std(unbiased=True).item() / math.sqrt(n_eval)) if n_eval > 1 else float("nan")
    bpd = nll / (train.shape[1] * math.log(2.0))

    print("median epoch (epochs 2..%d): %.3f s" % (args.epochs, median_epoch))
    print("test ELBO %.4f nats  (%d images)" % (test_elbo, n_eval))
    print("test NLL  %.4f +- %.4f nats  (%.4f bits/dim; k=%d, %d images)"
          % (nll, nll_se, bpd, args.k, n_eval))
    print("eval %.2f s (ELBO %.2f s, NLL %.2f s)" % (eval_seconds, elbo_seconds, nll_seconds), flush=True)

    if args.json_out:
        result = {
            "implementation": "pytorch",
            "epochs": args.epochs,
            "batchSize": args.batch_size,
            "lr": args.lr,
            "seed": args.seed,
            "epochSeconds": epoch_seconds,
            "trainLoss": train_losses,
            "medianEpochSeconds": median_epoch,
            "testElbo": test_elbo,
            "nll": nll,
            "nllStdErr": nll_se,
            "bitsPerDim": bpd,
            "k": args.k,
            "evalSize": n_eval,
            "evalSeconds": eval_seconds,
            "elboSeconds": elbo_seconds,
            "nllSeconds": nll_seconds,
            "torchVersion": torch.__version__,
            "threads": torch.get_num_threads(),
            "blas": blas,
            "dataDir": data_dir,
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.json_out)), exist_ok=True)
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
