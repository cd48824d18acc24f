# The README's two commands, nothing hidden.
#   make demo   install into .venv, load the bundled real sample, write the kernfoto's to out/
#   make test   install test dependencies, lint, run the tests on SQLite and on PostgreSQL
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

$(BIN)/kernfoto: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kernfoto

install: $(BIN)/kernfoto

demo: install
	$(BIN)/kernfoto demo
	$(BIN)/kernfoto indicators --area maarssen-dorp --period 2020
	$(BIN)/kernfoto kernfoto --gemeente GM1904 --period 2020 --out out
	@echo "Kernfoto's: out/index.html"
	$(BIN)/kernfoto serve

test: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/pytest --create-db
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== tests on PostgreSQL ($(PG_URL))"; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest --create-db; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL at $(PG_URL) is not reachable" >&2; exit 1; \
	else echo "PostgreSQL at $(PG_URL) not reachable: PostgreSQL run skipped (set PG_URL)"; fi

.PHONY: install demo test
