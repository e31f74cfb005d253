"""The ticketed WebSockets the browser opens on the proxy (ARCHITECTURE.md
"The proxy's folders as it grows"): the admin's events socket (events.py)
and the shared log streams (shared_logs.py); the container sockets' own
modules (logs, console, stats) still sit at the proxy's root as ws_*.py."""
