# The two commands: `make demo` runs the dashboard, `make test` runs every test.
# Both install and start what they need (idempotent); `make stop` stops it.
VENV ?= /opt/docker-dashboard/venv-horizon
PYTEST_ARGS ?=

.PHONY: demo test stop status unit bench messages soak

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

# The translation catalogs, after a change of any user-visible string: the English
# templates of both domains (Python and templates: django; JavaScript: djangojs) read from
# the plugin's code as every Horizon plugin does, then the pseudo-translation (eo) made from
# them and every catalog compiled. The proxy is left out: it answers the API, not people.
messages:
	cd docker_dashboard && $(VENV)/bin/django-admin makemessages -d django -l en --no-obsolete --ignore 'proxy/*'
	cd docker_dashboard && $(VENV)/bin/django-admin makemessages -d djangojs -l en --no-obsolete --ignore 'proxy/*'
	$(VENV)/bin/python tools/pseudo_locale.py
	$(VENV)/bin/python tools/msgfmt.py docker_dashboard/locale

status:
	bash stack/status.sh

bench:
	bash stack/up.sh
	bash bench/run.sh

# The soak (SOAK_SECONDS, default 300) and the fault suite, then RELIABILITY.md.
soak:
	bash stack/up.sh
	bash soak/run.sh
