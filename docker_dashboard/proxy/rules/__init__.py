"""The proxy's security decisions, as pure functions (no I/O, no network).

Routes gather facts (the caller, the body, an object's labels) and ask these
functions what to do; the functions can be tested without a daemon.
"""
