# Two entry points for a fresh machine: `make demo` and `make test`. Each creates .venv itself.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/communique: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/communique
	$(BIN)/communique demo

test: $(BIN)/communique
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(BIN)/communique
	$(BIN)/python bench/throughput_code.py

clean:
	rm -rf $(VENV) communique.db communique.db-wal communique.db-shm *.egg-info
