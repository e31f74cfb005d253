"""How a modal form shows that the proxy refused or failed: inside the
modal, as a form error, so the user can correct and submit again. Horizon's
messages would only show after the modal closed."""
from horizon import exceptions

from docker_dashboard.api import exceptions as dd_exceptions


def refused(form, request, text, exc):
    """Puts `text % reason` on the form and returns False (for `handle`).
    An expired token still goes through Horizon (it logs the user out), and
    an error that is not the proxy's is Horizon's to handle too."""
    if isinstance(exc, dd_exceptions.DockerDashboardError) and not \
            isinstance(exc, dd_exceptions.Unauthorized):
        form.api_error(text % {"reason": exc.message})
        return False
    exceptions.handle(request, text % {"reason": exc})
    return False
