"""One module per outside system the plugin talks to, each a set of
functions taking the Django `request` first (Horizon's own api style)."""
