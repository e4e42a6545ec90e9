"""Shared by the command-line tests."""

import pytest
import torch


@pytest.fixture(autouse=True)
def restore_threads():
    """The commands set torch's thread count (to 1 by default); give the next test its own back."""
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)
