# The two commands of the README. Each sets up what it needs in .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: lab test setup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install -q -e ".[test,jupyter]"

# The lecture notebooks in JupyterLab, on the bundled engine (as root too: in a container the user often is).
lab: setup
	$(BIN)/dockyard kernel install --sys-prefix
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

# The test suite (pytest's "no tests collected" counts as a failure here).
test: setup
	$(BIN)/python -m pytest
