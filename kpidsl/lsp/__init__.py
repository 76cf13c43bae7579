"""`kpi lsp`: a language server for `.kpi` files, on pygls and lsprotocol, over stdio.

The server (`server.py`) only wires the protocol to the modules below, each one question about a
document: what is wrong with it (`documents.py`: every syntax error from the recovering reader, the
checks and the lint rules with the project's configuration), what a name is (`hover.py`), where
it is defined and used and how to rename it safely (`navigate.py`), what may be typed next
(`complete.py`, with the keywords the grammar accepts there, `keywords.py`, and the columns of the
data files beside the scheme, `columns.py`), the outline (`symbols.py`) and the quick fixes
(`actions.py`, the fixes of `kpi lint --fix`). Formatting is `kpi fmt`. Everything reads the
one resolution the resolver builds (`resolve.Resolution`), so the editor and `kpi lint` agree.
"""

from __future__ import annotations


def serve() -> None:
    """Run the language server on standard input and output until the client exits."""
    from .server import build

    build().start_io()
