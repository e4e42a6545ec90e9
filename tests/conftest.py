"""Test-wide settings: one torch thread per test process (pytest-xdist runs two)."""

import os

import torch

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
torch.set_num_threads(1)
