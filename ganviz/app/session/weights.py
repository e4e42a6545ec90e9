"""A player's weights and buffers between the app's processes: numpy arrays out, tensors back in."""

from __future__ import annotations

import torch


def numpy_state(module: torch.nn.Module) -> dict:
    """A copy of the module's state dict as numpy arrays (what a pipe carries)."""
    return {k: v.detach().numpy().copy() for k, v in module.state_dict().items()}


def load_state(module: torch.nn.Module, state: dict) -> None:
    """Copy numpy weights and buffers into a module."""
    module.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
