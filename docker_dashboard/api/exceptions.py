"""Errors the plugin's api functions raise, in Horizon's categories.

They are registered with Horizon (see the enabled file) so that
`horizon.exceptions.handle` shows their message instead of answering 500.
Kept free of third-party imports: Horizon's settings import this module.
"""


class DockerDashboardError(Exception):
    """Base of the errors below; `message` is safe to show a user."""

    def __init__(self, message, status=None, field=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


class ProxyUnavailable(DockerDashboardError):
    """The docker proxy, or the Docker daemon behind it, did not answer."""


class ProxyRefused(DockerDashboardError):
    """The proxy refused the request (policy, a forbidden option, a conflict);
    the message is the proxy's own wording."""


class NotFound(DockerDashboardError):
    """The object does not exist, or belongs to another project (the proxy
    answers the two alike)."""


class Unauthorized(DockerDashboardError):
    """The proxy did not accept the user's token."""


RECOVERABLE = (ProxyUnavailable, ProxyRefused)
NOT_FOUND = (NotFound,)
UNAUTHORIZED = (Unauthorized,)
