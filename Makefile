# The two set-up commands: `make build` then `make test`. CI runs exactly these.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test fuzz check golden bench serve audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml tests/js/package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	cd tests/js && npm ci --no-audit --no-fund --silent
	touch $@

build: $(VENV)/.installed
	$(BIN)/python -m builder build --content content --out output

# A partner's check needs the project alone, not the test tools and browsers `make test` installs
$(VENV)/.site: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

check: $(VENV)/.site
	$(BIN)/python -m builder check --content content

# On every core (pytest-xdist): --dist loadgroup keeps each xdist_group's tests on one worker, so
# what they share is made once. `make test PYTEST_ARGS=` runs in one process; other arguments go
# to pytest, e.g. PYTEST_ARGS="-n auto -k feeds".
PYTEST_ARGS ?= -n auto --dist loadgroup
# Scratch sites go to memory (tmpfs) where the machine has it: the tests copy, build and compare
# trees of thousands of small files, which a disk makes several times slower.
TEST_TMPDIR ?= $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo /tmp)
# PYTHONDONTWRITEBYTECODE= : where the environment sets it, every `python -m builder` the tests start
# would compile the builder from source again; compiled once, later processes import it.
test: $(VENV)/.installed
	scripts/install-system-packages
	PYTHONDONTWRITEBYTECODE= TMPDIR=$(TEST_TMPDIR) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The random tests twenty times as long, on fresh random examples each run (make test repeats the same ones)
fuzz: $(VENV)/.installed
	FUZZ_SCALE=20 TMPDIR=$(TEST_TMPDIR) $(BIN)/python -m pytest -n auto tests/test_limits.py tests/test_bad_inputs.py \
		"tests/test_atomic_output.py::test_a_build_killed_at_any_moment_leaves_the_previous_or_the_new_site"

# tests/golden/: the sample site's output as tests/test_golden.py expects it; run after an intended change
golden: $(VENV)/.installed
	$(BIN)/python -m tests.golden_tree

# Build time and memory at 1,000 and 10,000 events (BENCH_LARGE=1 adds 30,000); writes bench/results.md
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

# Lighthouse 12 (mobile) on the sample site and a generated 1,000-event site; fails below the score floors in
# tools/audit/run.py. Not part of `test`: Lighthouse is a large install, made here only.
audit: $(VENV)/.installed
	cd tools/audit && npm ci --no-audit --no-fund --silent
	$(BIN)/python tools/audit/run.py

# Preview at http://127.0.0.1:8000/, rebuilt on every change
serve: $(VENV)/.installed
	$(BIN)/python -m builder serve --content content --out output

clean:
	rm -rf $(VENV) output .output.spare .output.new-* .output.old-* tests/artifacts .cache
