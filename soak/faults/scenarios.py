"""Every fault scenario, in the order they run: name -> (title, function
returning one outcome or {name: outcome})."""
from soak.faults import _proxy
from soak.faults import dockerd
from soak.faults import kill_proxy
from soak.faults import outages
from soak.faults import state_faults


def _with_proxy(scenario, **settings):
    def run():
        with _proxy.SupervisedProxy(**settings) as proxy:
            return scenario(proxy)
    return run


def _kill_transfers(proxy):
    found = kill_proxy.export_and_load(proxy)
    return {"kill9_export": found["export"], "kill9_load": found["load"]} \
        if "load" in found else {"kill9_export": found["export"]}


ALL = {
    "kill9_log_stream": ("kill -9 of the proxy during a log stream",
                         _with_proxy(kill_proxy.log_stream)),
    "kill9_transfers": ("kill -9 of the proxy during Glance transfers",
                        _with_proxy(_kill_transfers)),
    "kill9_build": ("kill -9 of the proxy during a build",
                    _with_proxy(kill_proxy.build)),
    "dockerd": ("the Docker daemon restarted or hung", dockerd.run_all),
    "keystone_down": ("Keystone down for 30 s", outages.keystone_down),
    "glance_down": ("Glance down in the middle of an export",
                    outages.glance_down),
    "database_down": ("the state database unavailable (MariaDB stopped)",
                      state_faults.database_down),
    "disk_full": ("the state folder's disk full", state_faults.disk_full),
}
