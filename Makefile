# Two commands for users: `make run` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/extractor extract data/samples -o out/records.jsonl --documents out/documents.jsonl
	$(BIN)/python -m extractor summary out/records.jsonl
	$(BIN)/extractor export out/records.jsonl --format xlsx -o out/records.xlsx --documents out/documents.jsonl
	$(BIN)/extractor report out/records.jsonl --documents out/documents.jsonl -o out/report.html

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf out .pytest_cache
