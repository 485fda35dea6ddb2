# Two entry points for a fresh machine: `make demo` and `make test`. Each creates .venv itself.
# Every package, direct or not, installs at the version in constraints.txt (the lock; regenerate it
# with `make lock` after changing pyproject.toml), so a clone installs tomorrow what it installs today.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet -c constraints.txt

.PHONY: demo test lint bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# the demo needs communique alone (no Parquet, no test tools), and no bytecode compiled ahead for
# modules it never imports; the tests add their tools
$(VENV)/.installed-run: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) --no-compile -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e '.[test]'
	touch $@ $(VENV)/.installed-run

demo: $(VENV)/.installed-run
	$(BIN)/communique demo

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python bench/throughput_code.py

lock: $(VENV)/.installed-test
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '@ file' > constraints.txt

clean:
	rm -rf $(VENV) communique.db communique.db-wal communique.db-shm *.egg-info
