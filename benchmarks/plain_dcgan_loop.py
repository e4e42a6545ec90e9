"""A plain PyTorch loop of the digits preset's DCGAN, written as anyone would, as the speed reference.

The same networks (ganviz's DCGAN modules for 8×8: G 16 → 2×2×64 → 4×4×32 → 8×8, D 8×8 → 4×4×32 →
2×2×64 → 1, batch norm, ReLU / leaky ReLU), Adam 2e-4 β = (0.5, 0.999), batch 64 of the 1,797 digits
scaled to [−1, 1], non-saturating loss, one D then one G step. Prints {"steps", "seconds", "steps_per_s"}.
"""

import sys

import torch
from plain_gan_loop import timed_loop  # this folder is on sys.path when a benchmark runs

from ganviz.core.dcgan import DCGANBody, DCGANGenerator
from ganviz.core.digits_data import digits


def main(steps: int, threads: int) -> None:
    """Train `steps` iterations on `threads` torch threads and print the timing."""
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(0)
    images = torch.from_numpy(digits()[0].copy()).float()
    timed_loop(DCGANGenerator(16, 32, "relu", True, gen), DCGANBody(32, "leaky_relu", True, gen),
               lambda: images[torch.randint(0, len(images), (64,), generator=gen)],
               lambda: torch.randn(64, 16, generator=gen), 2e-4, steps)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, int(sys.argv[2]) if len(sys.argv) > 2 else 1)
