"""A refusal the proxy answers instead of forwarding."""


class Refused(Exception):
    """An answer the proxy gives in Docker's error shape: {"message": ...}.

    `field` names the part of the request that was refused, so the dashboard
    can show the message next to it.
    """

    def __init__(self, status, message, field=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def refuse(field, message, status=403):
    """Refuse one part of a request: the message starts with the field's
    name, so the docker CLI's user sees which option was refused, and the
    field travels apart for the dashboard to show it beside the input."""
    raise Refused(status, "%s: %s" % (field, message), field=field)
