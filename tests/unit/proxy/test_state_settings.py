"""DD_DATABASE_URL and DD_PROXY_NAME: the state database and this proxy's
name among those sharing it."""
import socket

from docker_dashboard.proxy.config import ProxyConfig


def test_the_database_is_a_sqlite_file_in_the_state_folder_by_default(
        tmp_path):
    config = ProxyConfig(state_dir=str(tmp_path))
    assert config.database_url == "sqlite:///%s/state.sqlite3" % tmp_path


def test_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DD_PROXY_STATE", str(tmp_path))
    monkeypatch.setenv("DD_PROXY_PORT", "8795")
    config = ProxyConfig.from_env()
    assert config.database_url == "sqlite:///%s/state.sqlite3" % tmp_path
    assert config.proxy_name == "%s:8795" % socket.gethostname()
    url = "mysql+pymysql://dd:secret@db.example.com/docker_dashboard"
    monkeypatch.setenv("DD_DATABASE_URL", url)
    monkeypatch.setenv("DD_PROXY_NAME", "host-7")
    config = ProxyConfig.from_env()
    assert config.database_url == url
    assert config.proxy_name == "host-7"
