# workbench: every target sets up .venv itself, so a fresh clone needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "workbench needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP) ## set up, load the seed corpus into db/workbench.db if needed, open the review TUI
	$(BIN)/workbench $(ARGS)

test: $(STAMP) ## set up, lint (ruff), check the contracts (import-linter, mypy), run every test
	$(BIN)/ruff check workbench tests benches
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/python -m pytest -q $(ARGS)

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check workbench tests benches
	$(BIN)/ruff format --check workbench tests benches

fmt: $(STAMP) ## format the code with ruff
	$(BIN)/ruff format workbench tests benches
	$(BIN)/ruff check --fix workbench tests benches

bench: $(STAMP) ## run the benchmarks in benches/ and print their figures
	$(BIN)/python benches/bench_extract.py

clean: ## remove the virtualenv and caches (keeps db/)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
