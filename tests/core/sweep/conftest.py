"""Sweep tests train many small models: one torch thread each (two workers share the 2 cores)."""

import pytest
import torch


@pytest.fixture(autouse=True)
def one_torch_thread():
    """Run the test with one torch thread and restore the count afterwards."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
