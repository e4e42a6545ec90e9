# The two commands a user needs: `make run` and `make test`. Both set up .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench package wheel clean

setup: $(STAMP)

# Reinstall only when the dependency list or the pins change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: setup
	$(BIN)/ganviz $(ARGS)

lint: setup
	$(BIN)/ruff check ganviz tests benchmarks

# The one-folder build takes both cores for minutes: it runs alone, after the parallel phase.
test: setup lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -q -m "not bundle"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m bundle

bench: setup
	$(BIN)/python benchmarks/run_speed.py

# The one-folder app in dist/ganviz (start dist/ganviz/ganviz) and the wheel in dist/.
package: setup
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/ganviz.spec

wheel: setup
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

clean:
	rm -rf $(VENV) build dist *.egg-info
