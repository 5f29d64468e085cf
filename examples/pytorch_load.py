#!/usr/bin/python3
"""Load a vaekit dense-VAE (or dense-AE) run folder into PyTorch and decode latent codes.

Rebuilds the network from the run's config.json as torch.nn modules whose state_dict keys are exactly the tensor
names of weights.safetensors (encoder.layers.0.weight, ..., decoder.out.bias, decoder.logSigma), loads the weights
strictly (every name and shape must match) and prints the decoded means E[x|z] of a few codes: z = 0, then --n draws
of N(0, I) from a torch.Generator seeded with --z-seed, or the codes of --z-file (one z per line).
Grey and colour images alike: a row of d = C*H*W values is channel-major, so vae.images(z) reshapes the decoded
means to (N, C, H, W) (C = 1 grey, 3 RGB); --ppm writes them side by side as a binary PPM (colour) or PGM (grey).
Format reference: docs/checkpoint-format.md. Needs only Debian's python3-torch: safetensors is parsed by hand.

    /usr/bin/python3 examples/pytorch_load.py runs/quickstart               # a summary line per decoded image
    /usr/bin/python3 examples/pytorch_load.py runs/quickstart --ascii       # ... and the image as ASCII art (luma)
    /usr/bin/python3 examples/pytorch_load.py runs/quickstart --full > out  # every value, one line per z
    /usr/bin/python3 examples/pytorch_load.py runs/colour --ppm decoded.ppm # the decoded images as one picture
    # from Python:  from pytorch_load import load_vae; vae = load_vae("runs/quickstart"); vae.decode(z)
"""
import argparse, hashlib, json, math, struct, sys
from pathlib import Path

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "softplus": nn.Softplus, "elu": nn.ELU, "gelu": nn.GELU}


def read_safetensors(path):
    """u64 little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}}, then the data."""
    assert sys.byteorder == "little", "the tensor data is little-endian"
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header, data = json.loads(raw[8:8 + n]), raw[8 + n:]
    header.pop("__metadata__", None)
    assert all(t["dtype"] == "F32" for t in header.values()), "vaekit writes float32 only"
    return {name: torch.frombuffer(bytearray(data[slice(*t["data_offsets"])]), dtype=torch.float32).reshape(t["shape"])
            for name, t in header.items()}


class Mlp(nn.Module):
    """Hidden nn.Linear layers "layers.<i>", each followed by the activation, then "out" without one."""

    def __init__(self, sizes, out, activation):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.out, self.act = nn.Linear(sizes[-1], out), ACTIVATIONS[activation]()

    def forward(self, h):
        for layer in self.layers:
            h = self.act(layer(h))
        return self.out(h)


class DenseVae(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.config, d = m, math.prod(m["inputShape"])
        # dense-vae: the encoder gives mu and logvar; dense-ae (a plain autoencoder): the code z itself
        width = m["latentDim"] if m["type"] == "dense-ae" else 2 * m["latentDim"]
        self.encoder = Mlp([d] + m["hidden"], width, m["activation"])
        self.decoder = Mlp([m["latentDim"]] + m["hidden"][::-1], d, m["activation"])
        if m["likelihood"] == "gaussian" and m["variance"] != "fixed":  # learned log σ, shape (1) or (d)
            self.decoder.logSigma = nn.Parameter(torch.zeros(1 if m["variance"] == "shared" else d))

    def encode(self, x):
        """q(z|x) = N(mu, diag exp(logvar)): the encoder's first latentDim outputs are mu, the rest logvar.
        For a dense-ae run, the code z = enc(x) itself."""
        out = self.encoder(x)
        return out if self.config["type"] == "dense-ae" else out.chunk(2, dim=-1)

    def decode(self, z):
        """E[x|z]: the sigmoid of the decoder's logits (Bernoulli), or its output itself (the Gaussian mean)."""
        out = self.decoder(z)
        return torch.sigmoid(out) if self.config["likelihood"] == "bernoulli" else out

    def images(self, z):
        """E[x|z] as images, (N, C, H, W): each row of d = C*H*W values holds channel 0's H*W values, then channel 1's."""
        return self.decode(z).reshape(-1, *self.config["inputShape"])


def load_vae(run_dir):
    """Checks manifest.json's version and SHA-256s (vaekit finishes an interrupted save; this only reads), loads."""
    run = Path(run_dir)
    manifest = json.loads((run / "manifest.json").read_text())
    if (manifest["format"], manifest["formatVersion"]) != ("vaekit-checkpoint", 1):
        sys.exit(f"{run}: checkpoint format {manifest['format']} v{manifest['formatVersion']}; this reads v1")
    for path in (run / "config.json", run / "weights.safetensors"):
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != manifest["files"][path.name]:
            sys.exit(f"{path}: missing, or SHA-256 differs from manifest.json (if a save was interrupted, any vaekit "
                     "command on the folder, e.g. vaekit sample, completes it)")
    model = json.loads((run / "config.json").read_text())["model"]
    if model["type"] not in ("dense-vae", "dense-ae"):
        sys.exit(f"{run}: model type {model['type']}; this script rebuilds dense-vae and dense-ae only")
    if model["likelihood"] not in ("bernoulli", "gaussian"):
        sys.exit(f"{run}: likelihood {model['likelihood']}; this script decodes bernoulli and gaussian decoders only")
    vae = DenseVae(model)
    vae.load_state_dict(read_safetensors(run / "weights.safetensors"), strict=True)
    return vae.eval()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", help="vaekit run folder")
    p.add_argument("--z-seed", type=int, default=0, help="seed of the N(0, I) draws (default 0)")
    p.add_argument("--n", type=int, default=3, help="draws after z = 0 (default 3)")
    p.add_argument("--z-file", help="decode these codes instead: one z per line, whitespace-separated")
    p.add_argument("--full", action="store_true", help="print every decoded value (%%.6f), one line per z")
    p.add_argument("--ascii", action="store_true", help="also draw each decoded image as ASCII art (luma for colour)")
    p.add_argument("--ppm", help="also write the decoded images side by side to this file: binary PPM for colour "
                   "models, PGM for grey ones (values clipped to [0, 1], times 255, rounded)")
    args = p.parse_args()
    vae = load_vae(args.run)
    latent, (channels, height, width) = vae.config["latentDim"], vae.config["inputShape"]
    if args.z_file:
        z = torch.tensor([[float(v) for v in line.split()] for line in open(args.z_file) if line.strip()])
    else:
        draws = torch.randn(args.n, latent, generator=torch.Generator().manual_seed(args.z_seed))
        z = torch.cat([torch.zeros(1, latent), draws])
    with torch.no_grad():
        means = vae.decode(z)
    for i, x in enumerate(means):
        if args.full:
            print(" ".join(f"{v:.6f}" for v in x.tolist()))
            continue
        print(f"z#{i} |z|={z[i].norm():.4f}  mean={x.mean():.6f}  min={x.min():.6f}  max={x.max():.6f}  "
              f"x[0:4]={[round(v, 6) for v in x[:4].tolist()]}")
        if args.ascii:
            image = x.clamp(0, 1).reshape(channels, height, width)
            grey = image[0] if channels == 1 else 0.299 * image[0] + 0.587 * image[1] + 0.114 * image[2]  # BT.601
            for row in grey.tolist():
                print("".join(" .:-=+*#%@"[min(9, int(v * 10))] for v in row))
    if args.ppm:
        write_pnm(args.ppm, means.reshape(-1, channels, height, width))


def write_pnm(path, images):
    """Images (N, C, H, W) in [0, 1], side by side: P6 (RGB) for C = 3, P5 (grey) for C = 1; 8 bits per sample."""
    n, channels, height, width = images.shape
    levels = (images.clamp(0, 1) * 255).round().to(torch.uint8)
    strip = levels.permute(2, 0, 3, 1).reshape(height, n * width, channels)  # rows, then images left to right, then RGB
    magic = {1: b"P5", 3: b"P6"}[channels]
    with open(path, "wb") as f:
        f.write(magic + b"\n%d %d\n255\n" % (n * width, height))
        f.write(bytes(strip.flatten().tolist()))


if __name__ == "__main__":
    main()
