"""The ticketed WebSockets the browser opens on the proxy (ARCHITECTURE.md
"The proxy's folders as it grows"): today the admin's events socket; the
container sockets (logs, console, stats) still sit at the proxy's root as
ws_*.py."""
