# The two commands of the README. Both create .venv when missing and install into it.
# Another Python: `make test PYTHON=python3.13` (its own environment, .venv-python3.13).
PYTHON ?= python3
VENV := $(if $(filter python3,$(PYTHON)),.venv,.venv-$(notdir $(PYTHON)))
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The exact versions the whole suite (soak test included) passed with; `make constraints`
# writes it again after a bound is raised (docs/dependencies.md).
CONSTRAINTS := constraints.txt

QM := resources/censorwatch_ru.qm
SOURCES_TO_TRANSLATE = $(wildcard $(addprefix src/censorwatch/,$(addsuffix /*.py,ui diagnosis engine export service cli catalog))) src/censorwatch/translation.py

.PHONY: constraints run test quick lint format bench lab clean translations install-desktop uninstall-desktop bundle provider-table

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $(STAMP)

constraints: $(STAMP)
	{ echo "# Written by make constraints: the versions the suite passed with (docs/dependencies.md)."; \
	  $(BIN)/python -m pip freeze --exclude-editable --exclude censorwatch; } > $(CONSTRAINTS)

# The Russian interface: the .ts (translated text) compiled to the .qm the program loads. Both
# are in git, so that `pip install` of a clean clone needs no Qt tools to build (a build hook
# would pull all of PySide6 into every build); tests/test_translations.py fails when the .qm
# does not match the .ts.
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

# The suite without the long parts (soak, field lab, packaging): CI runs it on the newest
# Python of the machine too.
quick: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not soak and not field and not package"

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks tools
	$(BIN)/ruff format src tests benchmarks tools

bench: $(STAMP)
	$(BIN)/python benchmarks/engine.py

# The menu entry and icon for the current user (and, to undo, the autostart entry too).
install-desktop: $(STAMP) $(QM)
	$(BIN)/censorwatch install-desktop

uninstall-desktop: $(STAMP)
	$(BIN)/censorwatch uninstall-desktop

# A self-contained folder and archive under dist/, for machines without Python (PyInstaller,
# packaging/censorwatch.spec); then its size, start-up time and a run of its commands.
BUNDLE_TOOLS := $(VENV)/.bundle-tools
$(BUNDLE_TOOLS): $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) 'pyinstaller>=6.10,<7'
	touch $@

bundle: $(BUNDLE_TOOLS) $(QM)
	rm -rf dist/censorwatch dist/censorwatch-*.tar.* dist/censorwatch-*.zip build/pyinstaller
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/censorwatch.spec
	$(BIN)/python tools/bundle_archive.py
	$(BIN)/python benchmarks/bundle.py

lab: $(STAMP)
	$(BIN)/censorwatch lab

# The whole public IP-to-AS table (iptoasn.com, about 8 MB; needs internet access), shipped
# beside the excerpt by `make bundle` and a wheel built afterwards (resources/ip2asn/SOURCE.md).
provider-table: $(STAMP)
	$(BIN)/python -c "from pathlib import Path; from censorwatch import provider; print(provider.refresh(Path('resources/ip2asn')))"

clean:
	rm -rf .venv .venv-* $(OONI_VENV) build dist .pytest_cache .ruff_cache
