"""A plain PyTorch loop of the digits preset's DCGAN, written as anyone would, as the speed reference.

The same networks (ganviz's DCGAN modules for 8×8: G 16 → 2×2×64 → 4×4×32 → 8×8, D 8×8 → 4×4×32 →
2×2×64 → 1, batch norm, ReLU / leaky ReLU), Adam 2e-4 β = (0.5, 0.999), batch 64 of the 1,797 digits
scaled to [−1, 1], non-saturating loss, one D then one G step. Prints {"steps", "seconds", "steps_per_s"}.
"""

import json
import sys
import time

import torch
from torch.nn.functional import softplus

from ganviz.core.dcgan import DCGANBody, DCGANGenerator
from ganviz.core.digits_data import digits


def main(steps: int, threads: int) -> None:
    """Train `steps` iterations on `threads` torch threads and print the timing."""
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(0)
    images = torch.from_numpy(digits()[0].copy()).float()
    g = DCGANGenerator(16, 32, "relu", True, gen)
    d = DCGANBody(32, "leaky_relu", True, gen)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    t0 = time.perf_counter()
    for _ in range(steps):
        real = images[torch.randint(0, len(images), (64,), generator=gen)]
        with torch.no_grad():
            fake = g(torch.randn(64, 16, generator=gen))
        loss_d = softplus(-d(real)).mean() + softplus(d(fake)).mean()
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        loss_g = softplus(-d(g(torch.randn(64, 16, generator=gen)))).mean()
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
    seconds = time.perf_counter() - t0
    print(json.dumps({"steps": steps, "seconds": seconds, "steps_per_s": steps / seconds}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, int(sys.argv[2]) if len(sys.argv) > 2 else 1)
