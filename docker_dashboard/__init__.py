"""docker-dashboard: Docker containers in OpenStack Horizon, per project."""
