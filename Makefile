# Two commands matter: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup run test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $(STAMP)

run: setup
	$(VENV)/bin/vpcmock serve

test: setup
	$(PY) -m pytest -n 2 --dist loadfile

bench: setup
	$(PY) bench/api_throughput.py

clean:
	rm -rf $(VENV) .vpcmock .pytest_cache
