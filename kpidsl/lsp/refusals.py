"""A request the server declines (a rename that would break something, a file that cannot be
formatted) is answered with the protocol's "request failed" error, whose message the editor shows.

pygls 2 answers an exception raised by a handler with an error response, and also logs every
`JsonRpcException` through `logger.exception` (the `pygls.protocol.json_rpc` logger), which writes
a traceback to the server's stderr, the editor's output panel: a refusal would look like a crash.
pygls offers no hook for request errors (`report_server_error` is told about them but cannot stop
the log), so `quiet_refusals` puts a filter on that logger: a record whose exception is a
`Refused` becomes one plain line at INFO (shown only where logging is configured to show it); any
other exception, a real internal error, is logged as pygls logs it, with its traceback.
"""

from __future__ import annotations

import logging

from pygls.exceptions import JsonRpcException

#: The protocol's "request failed" error: the client shows the message.
REQUEST_FAILED = -32803

#: The logger pygls reports handler errors on.
PYGLS_LOGGER = "pygls.protocol.json_rpc"


class Refused(JsonRpcException):
    """The server declines the request for a reason the user can act on; not a failure of it."""

    def __init__(self, message: str) -> None:
        super().__init__(code=REQUEST_FAILED, message=message)


class _RefusalsAsPlainLines(logging.Filter):
    """Turns pygls's traceback for a `Refused` into one plain INFO line; lets everything else by."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, Refused):
            record.msg, record.args = "request refused: %s", (exc.message,)
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True


_FILTER = _RefusalsAsPlainLines()


def quiet_refusals() -> None:
    """Install the filter on pygls's logger (once: adding the same filter again does nothing)."""
    logging.getLogger(PYGLS_LOGGER).addFilter(_FILTER)
