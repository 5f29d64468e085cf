#!/usr/bin/python3
"""PyTorch peer of bench/PerfSteps.java (for bench/perf.sh): the GEMM ceiling and a training step of the conv VAE.

  gemm              torch.mm of the dense VAE's shapes, median of 30 after 10 warm-up runs
  step conv-vae     configs/conv-vae.yaml in PyTorch: two stride-2 4x4 convolutions (1->32->64 channels, ELU),
                    a Linear to 2x32 posterior parameters; decoder Linear 32->64*7*7, ELU, ConvTranspose 64->32, ELU,
                    ConvTranspose 32->1 (logits); Bernoulli likelihood from logits, analytic KL, dynamic
                    binarization, Adam lr 1e-3, gradient norm clipped at 100, batch 100; the seconds per step are the
                    median of epochs 2.. over 5000 images (50 steps), as PerfSteps times vaekit.

Run with Debian's /usr/bin/python3 (python3-torch) with bench/.peer/env.sh sourced (OpenBLAS, 1 BLAS thread).
Prints one JSON object per line.
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def gemm():
    for m, k, n in ((128, 784, 400), (128, 400, 784), (5000, 400, 784), (1000, 1000, 1000)):
        a = torch.randn(m, k)
        b = torch.randn(k, n)
        times = []
        for i in range(40):
            start = time.perf_counter()
            c = a @ b
            c.numpy().copy()  # read back, as PerfSteps does
            if i >= 10:
                times.append(time.perf_counter() - start)
        s = statistics.median(times)
        print(json.dumps({"workload": "gemm %dx%dx%d" % (m, k, n), "seconds": s, "gflops": 2.0 * m * k * n / s / 1e9}))


class ConvVae(nn.Module):
    def __init__(self, latent=32):
        super().__init__()
        self.latent = latent
        self.down1 = nn.Conv2d(1, 32, 4, 2, 1)
        self.down2 = nn.Conv2d(32, 64, 4, 2, 1)
        self.enc_out = nn.Linear(64 * 7 * 7, 2 * latent)
        self.dec_in = nn.Linear(latent, 64 * 7 * 7)
        self.up1 = nn.ConvTranspose2d(64, 32, 4, 2, 1)
        self.up2 = nn.ConvTranspose2d(32, 1, 4, 2, 1)

    def loss(self, x):
        h = F.elu(self.down2(F.elu(self.down1(x))))
        mu, log_var = self.enc_out(h.flatten(1)).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        g = F.elu(self.dec_in(z)).view(-1, 64, 7, 7)
        logits = self.up2(F.elu(self.up1(g)))
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp())
        return (rec + kl) / x.shape[0]


def step_conv(epochs, images):
    torch.manual_seed(1)
    model = ConvVae()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch = 100
    data = images.view(-1, 1, 28, 28)
    n = data.shape[0]
    epoch_seconds = []
    for _ in range(epochs):
        perm = torch.randperm(n)
        start = time.perf_counter()
        for b in range(0, n, batch):
            x = torch.bernoulli(data[perm[b:b + batch]])
            opt.zero_grad(set_to_none=True)
            loss = model.loss(x)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 100.0)
            opt.step()
        epoch_seconds.append(time.perf_counter() - start)
    steps = (n + batch - 1) // batch
    print(json.dumps({"workload": "step conv-vae.yaml", "batchSize": batch, "batches": steps,
                      "secondsPerStep": statistics.median(epoch_seconds[1:]) / steps, "epochs": epoch_seconds}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=["gemm", "step"])
    p.add_argument("config", nargs="?")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--images", help="float32 raw file of n x 784 values in [0, 1] (mnist-mini, written by perf.sh)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.workload == "gemm":
        gemm()
    elif a.config and "conv-vae" in a.config:
        import numpy as np
        images = torch.from_numpy(np.fromfile(a.images, dtype=np.float32).reshape(-1, 784))
        step_conv(a.epochs, images)
    else:
        sys.exit("peer_steps: no peer for %s" % a.config)


if __name__ == "__main__":
    main()
