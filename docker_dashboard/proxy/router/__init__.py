"""The routing endpoint: one proxy serving the containers of every host.

Every host proxy routes when the shared state names other hosts (its
peers, peers.py); with none it is exactly the single-host proxy.
- A container or exec this host's dockerd does not know is looked for on
  the other hosts (find.py) and the whole request forwarded there
  (forward.py, hijacked.py for attach and exec start, sockets.py for the
  ticketed WebSockets), with the caller's own token and X-DD-Local.
- The container list is every host's, merged (lists.py); so are the
  volume list (volumes.py, which also sends a volume create to the zone or
  host its labels ask for) and the events stream (events.py); a container
  or volume prune prunes the project on every host (prunes.py).
- A create is placed by Placement among the hosts (placing.py).
The decisions (headers, merge order, host choice) are rules/hosts.py.
"""
from docker_dashboard.proxy.router import middleware
from docker_dashboard.proxy.router import peers


def setup(app):
    """Wire the routing into a proxy app: its hosts-table registration at
    start, the peers' refresh, and the middleware that forwards requests
    whose object is on another host. Call it after the route modules."""
    peers.setup(app)
    # Innermost: by then the caller is authenticated and the route's
    # policy checked; the `refusals` middleware still answers its errors.
    app.middlewares.append(middleware.elsewhere)
