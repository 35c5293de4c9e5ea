# Two commands matter: `make run` and `make test`. Both set up .venv on first use:
# `run` installs only what serving needs (`make run PORT=8081` for another port), `test` and `bench` add their extras.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8080
# What pip may build sdists with (ibm-cos-sdk-config's setup.py imports pkg_resources, gone in setuptools 81).
export PIP_BUILD_CONSTRAINT := $(CURDIR)/build-constraints.txt

.PHONY: setup run test bench clean

# One stamp per set of extras, redone when pyproject.toml changes.
$(VENV)/.installed-%: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.$(if $(filter base,$*),,[$*])'
	touch $@

setup: $(VENV)/.installed-test,bench

run: $(VENV)/.installed-base
	$(VENV)/bin/vpcmock serve --port $(PORT)

test: $(VENV)/.installed-test
	$(PY) -m pytest -n 2 --dist loadfile -rs  # -rs: why a test skipped (the console tests say how to install chromium)

bench: $(VENV)/.installed-test $(VENV)/.installed-bench
	$(PY) bench/api_throughput.py
	$(PY) bench/time_travel.py
	$(PY) bench/terraform_overhead.py
	$(PY) bench/terraform_validate.py
	$(PY) bench/test_toolkit.py
	$(PY) bench/connections.py

clean:
	rm -rf $(VENV) .vpcmock .pytest_cache
