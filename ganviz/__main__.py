"""`python -m ganviz` is the same as the `ganviz` command."""

import multiprocessing

# In the one-folder app this file is the program: a trainer child started with spawn re-runs it,
# and freeze_support turns that run into the child (a no-op outside a frozen build).
multiprocessing.freeze_support()

from ganviz.cli.main import main  # noqa: E402

raise SystemExit(main())
