# The two commands of the README. Both create .venv when missing and install into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

QM := resources/censorwatch_ru.qm
SOURCES_TO_TRANSLATE = $(shell git ls-files 'src/censorwatch/*.py' 2>/dev/null | grep -E 'ui/|diagnosis/|engine/|export/')

.PHONY: run test lint format bench lab clean translations install-desktop uninstall-desktop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The Russian interface: the .ts (translated text, in git) compiled to the .qm the program loads.
$(QM): resources/censorwatch_ru.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent resources/censorwatch_ru.ts -qm $(QM)

# For maintainers: gather new strings from the source into the .ts (then translate them).
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(SOURCES_TO_TRANSLATE) -ts resources/censorwatch_ru.ts -target-language ru_RU -no-obsolete -locations none

run: $(STAMP) $(QM)
	$(BIN)/censorwatch

test: $(STAMP) $(QM)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/engine.py

# The menu entry and icon for the current user (and, to undo, the autostart entry too).
install-desktop: $(STAMP) $(QM)
	$(BIN)/python -m censorwatch.desktop install

uninstall-desktop: $(STAMP)
	$(BIN)/python -m censorwatch.desktop uninstall

lab: $(STAMP)
	$(BIN)/censorwatch lab

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache $(QM)
