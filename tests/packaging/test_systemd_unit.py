"""The systemd unit shipped for the proxy (docker_dashboard/conf/
docker-dashboard-proxy.service): systemd's own checker accepts it, and its
ExecStart, run with an environment file as the unit reads one, is a proxy
that answers for the running Keystone and dockerd."""
import configparser
import os
import shlex
import subprocess
import sys

from tests import stack

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
UNIT = os.path.join(REPO, "docker_dashboard", "conf",
                    "docker-dashboard-proxy.service")
# Where the unit expects the virtual environment that holds the plugin.
SHIPPED_PYTHON = "/opt/docker-dashboard/venv/bin/python"


def service_section():
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNIT, encoding="utf-8")
    return parser["Service"]


def test_systemd_analyze_accepts_the_unit(tmp_path):
    # Pointed at this run's interpreter: verify checks that ExecStart exists.
    with open(UNIT, encoding="utf-8") as handle:
        text = handle.read()
    assert SHIPPED_PYTHON in text
    unit = tmp_path / "docker-dashboard-proxy.service"
    unit.write_text(text.replace(SHIPPED_PYTHON, sys.executable))
    result = subprocess.run(["systemd-analyze", "verify", str(unit)],
                            capture_output=True, text=True)
    # Unknown keys and bad values are only warnings: none may be printed.
    assert result.returncode == 0, result.stderr
    assert unit.name not in result.stdout + result.stderr, result.stderr


def test_the_unit_restarts_the_proxy_and_waits_for_its_graceful_stop():
    from docker_dashboard.proxy.config import ProxyConfig
    service = service_section()
    assert service["Restart"] in ("on-failure", "always")
    assert service["KillSignal"] == "SIGTERM"
    # systemd kills after TimeoutStopSec: the proxy's own bound must end
    # first, or its end frames and task clean-up are cut short.
    assert float(service["TimeoutStopSec"]) > ProxyConfig().shutdown_timeout


def test_the_units_command_runs_the_proxy(tmp_path):
    service = service_section()
    command = shlex.split(service["ExecStart"])
    assert command[0] == SHIPPED_PYTHON
    assert command[1:] == ["-m", "docker_dashboard.proxy"]
    assert service["EnvironmentFile"] == "/etc/docker-dashboard/proxy.env"
    assert service["SupplementaryGroups"] == "docker"
    # The environment file an operator writes (README "Production").
    port = stack.free_port()
    env_file = tmp_path / "proxy.env"
    env_file.write_text(
        "DD_KEYSTONE_URL=%s\nDD_PROXY_HOST=127.0.0.1\nDD_PROXY_PORT=%d\n"
        "DD_TICKET_SECRET_FILE=%s\nDD_PROXY_STATE=%s\n"
        # One more process in front of the stack's host1, on its state
        # database: not a Docker host of its own among the stack's hosts.
        "DD_ROUTE=0\n" % (
            stack.KEYSTONE_URL, port,
            os.path.join(stack.STATE_DIR, "ticket_secret"),
            os.path.join(stack.STATE_DIR, "proxy")))
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": REPO}
    for line in env_file.read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    process = subprocess.Popen([sys.executable] + command[1:], env=env,
                               cwd=str(tmp_path), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d" % port
    try:
        stack.wait_for_proxy(process, url)
        names = {name.lstrip("/") for c in stack.docker_client(
            "demo", base_url=url).containers(all=True) for name in c["Names"]}
        assert "demo-web" in names and "alt-demo-web" not in names
    finally:
        process.terminate()
        process.wait(timeout=10)
