"""Horizon with docker-dashboard straight from this repository, for
development, the demo and the tests. Not part of the installed package."""
