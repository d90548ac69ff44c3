# truemark — the two set-up commands are `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
TM := $(VENV)/bin/truemark
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo
DEMO_LISTINGS ?= 20000
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint bench venv clean browser native

venv: $(STAMP)

# Create the virtual environment and install truemark with its dev tools.
# Prefer uv when it is on the machine, else the standard venv + pip.
$(STAMP): pyproject.toml
	@if command -v uv >/dev/null 2>&1; then \
		[ -x $(PY) ] || uv venv $(VENV); \
		uv pip install --python $(PY) -e '.[dev]'; \
	else \
		[ -x $(PY) ] || python3 -m venv $(VENV); \
		$(PY) -m pip install --quiet --upgrade pip; \
		$(PY) -m pip install --quiet -e '.[dev]'; \
	fi
	@touch $(STAMP)

# Headless Chromium for browser tests and screenshots (Debian's package; Playwright drives it).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for browser tests"; \
		(apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "could not install chromium; browser tests will say why they skip"; }

# Debian's Hyperscan (libhyperscan5; vectorscan where that is not built, as on arm64): text
# scans then call it with a compiled match handler, no Python call per match. Without it
# truemark uses the hyperscan wheel: same results, slower. After `browser`: one apt at a time.
native: browser
	@python3 -c "import ctypes; ctypes.CDLL('libhs.so.5')" 2>/dev/null || { \
		echo "installing Debian's libhyperscan5 for native text scans"; \
		export DEBIAN_FRONTEND=noninteractive; \
		(apt-get update -qq && (apt-get install -y -qq libhyperscan5 >/dev/null \
			|| apt-get install -y -qq libvectorscan5 >/dev/null)) \
		|| echo "could not install libhyperscan5; text scans use the hyperscan wheel"; }

demo: venv
	TRUEMARK_DEMO=1 $(TM) demo --dir $(DEMO_DIR) --listings $(DEMO_LISTINGS) --host $(HOST) --port $(PORT)

test: venv browser native
	$(PY) -m pytest -n auto --dist loadfile -q

lint: venv
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

bench: venv native
	@for script in benchmarks/*_bench.py; do \
		echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(DEMO_DIR)
