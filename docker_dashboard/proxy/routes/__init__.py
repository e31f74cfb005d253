"""HTTP routes of the proxy, one module per kind of Docker object.

Each module exposes `setup(app)` that registers its routes with
`docker_dashboard.proxy.routing.add_route`.
"""
