# The two set-up commands: `make build` then `make test`. CI runs exactly these.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml tests/js/package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	cd tests/js && npm ci --no-audit --no-fund --silent
	touch $@

build: $(VENV)/.installed
	$(BIN)/python -m builder build --content content --out output

check: $(VENV)/.installed
	$(BIN)/python -m builder check --content content

test: $(VENV)/.installed
	scripts/install-system-packages
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) output tests/artifacts
