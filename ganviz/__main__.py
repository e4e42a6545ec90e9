"""`python -m ganviz` is the same as the `ganviz` command."""

from ganviz.cli.main import main

raise SystemExit(main())
