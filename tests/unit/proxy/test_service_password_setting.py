"""The proxy's service password: from DD_PROXY_SERVICE_PASSWORD, or from the
file DD_PROXY_SERVICE_PASSWORD_FILE names (the DevStack plugin's way, which
keeps it out of the unit and the process environment)."""
import pytest

from docker_dashboard.proxy.config import ProxyConfig


@pytest.fixture
def placement_env(monkeypatch):
    monkeypatch.setenv("DD_PLACEMENT_URL", "http://127.0.0.1:8778")
    monkeypatch.setenv("DD_PROXY_SERVICE_USER", "docker-proxy")
    monkeypatch.delenv("DD_PROXY_SERVICE_PASSWORD", raising=False)
    monkeypatch.delenv("DD_PROXY_SERVICE_PASSWORD_FILE", raising=False)
    return monkeypatch


def test_the_password_is_read_from_the_file(placement_env, tmp_path):
    kept = tmp_path / "service_password"
    kept.write_text("s3cret with spaces\nsecond line is not the password\n")
    placement_env.setenv("DD_PROXY_SERVICE_PASSWORD_FILE", str(kept))
    placement_env.setenv("DD_PROXY_SERVICE_PASSWORD", "not this one")
    assert ProxyConfig.from_env().service_password == "s3cret with spaces"


def test_without_a_file_the_variable_is_the_password(placement_env):
    placement_env.setenv("DD_PROXY_SERVICE_PASSWORD", "from-the-env")
    assert ProxyConfig.from_env().service_password == "from-the-env"


def test_an_empty_file_is_no_password(placement_env, tmp_path):
    kept = tmp_path / "service_password"
    kept.write_text("")
    placement_env.setenv("DD_PROXY_SERVICE_PASSWORD_FILE", str(kept))
    with pytest.raises(ValueError, match="DD_PROXY_SERVICE_PASSWORD"):
        ProxyConfig.from_env()


def test_a_missing_file_stops_the_proxy_at_start(placement_env, tmp_path):
    placement_env.setenv("DD_PROXY_SERVICE_PASSWORD_FILE",
                         str(tmp_path / "absent"))
    with pytest.raises(FileNotFoundError):
        ProxyConfig.from_env()
