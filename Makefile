# Two commands for a fresh machine: `make run` starts the app, `make test` runs the tests.
# Both create .venv and install the project into it first (once, again when pyproject changes).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test bench bench-quick screenshot team-screenshots search-screenshots translations clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed
	@sh qt-libs.sh $(BIN)/python
	$(BIN)/annotator

test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py --json benchmarks/results.json

bench-quick: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py --quick --json benchmarks/results-quick.json

screenshot: $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/annotator gui --screenshot resources/screenshot.png
	QT_QPA_PLATFORM=offscreen $(BIN)/annotator gui --lang ar --screenshot resources/interface-ar.png

team-screenshots: $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.team_screenshots

search-screenshots: $(BIN)/.installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.search_screenshots

# The interface's strings into resources/i18n/*.ts (translations kept) and the compiled .qm.
translations: $(BIN)/.installed
	$(BIN)/python tools/translations.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
