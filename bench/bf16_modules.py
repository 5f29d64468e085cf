"""Writes the two TorchScript modules of bench/bf16-matmul.sh: a @ b in float32, and the same with both operands cast
to bfloat16 (the product computed by libtorch's bf16 kernels, oneDNN with AVX-512 BF16 or AMX where the CPU has them)
and the result cast back to float32. DJL 0.35.1 and 0.36.0 abort the JVM on any bfloat16 tensor made from Java
(toType(BFLOAT16), create(..., BFLOAT16)): inside a TorchScript module the casts never cross the JNI boundary.
Run with Debian's python3-torch (the peer's); the modules are loaded by libtorch 2.7.1 through DJL.
Usage: /usr/bin/python3 bench/bf16_modules.py OUT_DIR"""
import os
import sys

import torch


class Fp32(torch.nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.matmul(a, b)


class Bf16(torch.nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.matmul(a.to(torch.bfloat16), b.to(torch.bfloat16)).to(torch.float32)


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.jit.script(Fp32()).save(os.path.join(out, "fp32.pt"))
torch.jit.script(Bf16()).save(os.path.join(out, "bf16.pt"))
print("wrote", out)
