# The two commands: `make demo` runs the dashboard, `make test` runs every test.
# Both install and start what they need (idempotent); `make stop` stops it.
VENV ?= /opt/docker-dashboard/venv-horizon
PYTEST_ARGS ?=

.PHONY: demo test stop status unit bench

demo:
	bash stack/up.sh
	@echo
	@echo "docker-dashboard is up: http://127.0.0.1:8000  (Project -> Docker -> Containers)"
	@echo "  logins: demo/demo, alt_demo/alt_demo, reader/reader (read-only in demo), admin/admin"
	@echo "  docker proxy: http://127.0.0.1:8790   registry: 127.0.0.1:5005"
	@echo "  stop with: make stop"

test:
	bash stack/up.sh
	bash tests/run.sh $(PYTEST_ARGS)

# The pure tests alone: no stack needed.
unit:
	$(VENV)/bin/python -m pytest tests/unit $(PYTEST_ARGS)

stop:
	bash stack/down.sh

status:
	bash stack/status.sh

bench:
	bash stack/up.sh
	bash bench/run.sh
