# The two commands of the README. Both create .venv when missing and install into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The exact versions the whole suite (soak test included) passed with; `make constraints`
# writes it again after a bound is raised (docs/dependencies.md).
CONSTRAINTS := constraints.txt

QM := resources/censorwatch_ru.qm
SOURCES_TO_TRANSLATE = $(wildcard $(addprefix src/censorwatch/,$(addsuffix /*.py,ui diagnosis engine export)))

.PHONY: constraints run test lint format bench lab clean translations install-desktop uninstall-desktop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $(STAMP)

constraints: $(STAMP)
	{ echo "# Written by make constraints: the versions the suite passed with (docs/dependencies.md)."; \
	  $(BIN)/python -m pip freeze --exclude-editable --exclude censorwatch; } > $(CONSTRAINTS)

# The Russian interface: the .ts (translated text, in git) compiled to the .qm the program loads.
$(QM): resources/censorwatch_ru.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent resources/censorwatch_ru.ts -qm $(QM)

# For maintainers: add new strings of the source to the .ts as unfinished messages (then
# translate them); messages already there are never rewritten (tools/ts_merge.py says why).
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $(SOURCES_TO_TRANSLATE) -ts $(VENV)/fresh.ts -target-language ru_RU -locations none -silent
	$(BIN)/python tools/ts_merge.py $(VENV)/fresh.ts resources/censorwatch_ru.ts
	rm -f $(VENV)/fresh.ts

run: $(STAMP) $(QM)
	$(BIN)/censorwatch

# OONI's data library, for the test that loads our OONI export with it: in its own
# environment, because it pins a cryptography far older than the one censorwatch uses.
OONI_VENV := .venv-ooni
$(OONI_VENV)/.installed:
	$(PYTHON) -m venv $(OONI_VENV)
	$(OONI_VENV)/bin/python -m pip install --quiet 'oonidata==0.3.0'
	touch $@

test: $(STAMP) $(QM) $(OONI_VENV)/.installed
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks tools
	$(BIN)/ruff format src tests benchmarks tools

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
	rm -rf $(VENV) $(OONI_VENV) build dist .pytest_cache .ruff_cache $(QM)
