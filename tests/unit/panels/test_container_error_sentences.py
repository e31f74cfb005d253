"""Docker's raw errors turned into sentences that say what to do, Docker's
text kept as the details (issue 10)."""
import pytest

from docker_dashboard.panels.containers import error_sentences

CASES = [
    ("driver failed programming external connectivity on endpoint x (ab): "
     "Bind for 0.0.0.0:8080 failed: port is already allocated",
     "Host port 8080 is in use: choose another or leave it empty"),
    ('Conflict. The container name "/web" is already in use by container '
     '"abc". You have to remove (or rename) that container to be able to '
     'reuse that name.',
     'The name "web" is taken by another container: choose another'),
    # The proxy's own wording of a rename onto a taken name.
    ("Conflict: the container name web-2 is already in use",
     'The name "web-2" is taken by another container: choose another'),
    ("HostConfig.PortBindings: host ports below 1024 are reserved for the "
     "host", "Host ports below 1024 are kept for the host"),
    ("HostConfig.Memory: the memory limit may be at most 4294967296 bytes",
     "Memory may be at most 4 GiB here: choose less."),
    ("manifest for 127.0.0.1:5005/nope:latest not found: manifest unknown: "
     "manifest unknown", "The registry has no such image"),
    ("Container abc is not running", "The container is not running"),
]


@pytest.mark.parametrize("raw, said", CASES)
def test_a_known_error_reads_as_what_to_do_with_dockers_words_kept(raw, said):
    shown = error_sentences.explain(raw)
    assert shown.startswith(said)
    assert shown.endswith("Details: " + raw)


def test_an_unknown_error_is_shown_as_docker_wrote_it():
    assert error_sentences.explain("something odd") == "something odd"
