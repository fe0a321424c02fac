"""Shared test set-up: headless matplotlib, clean plot state, modest hypothesis runs."""

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: no display needed

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from hypothesis import settings  # noqa: E402

# The models here are tiny: one thread is as fast as several, and it does not
# slow to a crawl when other jobs share the cores (OpenMP threads spin-wait).
torch.set_num_threads(1)

# The machine running the tests may have two cores shared with other jobs:
# few examples, and no per-example deadline (timings there are noisy).
settings.register_profile("spiral_tut", max_examples=25, deadline=None)
settings.load_profile("spiral_tut")


@pytest.fixture(autouse=True)
def _clean_matplotlib():
    """Each test starts from matplotlib's defaults and leaves no figure or rcParams behind."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        yield
    plt.close("all")
