"""`kpi fmt`: one canonical layout for scheme files (docs/fmt.md).

`format_text` reads the text with the recovering reader (full-width punctuation outside strings is
read as ASCII and written back that way), lays it out (`layout.py`) and checks the result against
the original (`verify.py`) before returning it. It imports the parser and nothing of the checks or
the evaluator, so the command starts fast.
"""

from __future__ import annotations

from ..cst import build
from ..errors import KpiSyntaxError
from ..recovery import read
from ..source import Source
from .layout import MAX_WIDTH, layout
from .verify import FormatError, FormatterBug, verify

__all__ = ["MAX_WIDTH", "FormatError", "FormatterBug", "format_text"]

_BOM = "\ufeff"


def format_text(text: str, path: str = "<string>", max_width: int = MAX_WIDTH) -> str:
    """The canonical form of one `.kpi` file's text.

    Line ends stay as they were (`\\r\\n` or `\\n`), and so does a byte-order mark.

    Raises:
        KpiSyntaxError: the text has a syntax error other than full-width punctuation (every one
            found is reported).
        FormatError: the layout would change which code a `# kpi: ignore` comment applies to.
        FormatterBug: the result would differ in more than layout (a bug; nothing should be written).
    """
    bom = _BOM if text.startswith(_BOM) else ""
    crlf = "\r\n" in text
    body = text[len(bom) :].replace("\r\n", "\n") if crlf else text[len(bom) :]
    parsed = read(Source(body, path))
    if not parsed.repaired_only:
        raise KpiSyntaxError(parsed.diagnostics)
    concrete = build(parsed)
    try:
        out = layout(concrete, max_width)
    except RecursionError:
        from ..messages import syntax as msg

        raise KpiSyntaxError.single("K-S0005", msg.nested_too_deeply_to_format(), None) from None
    verify(concrete, out)
    if crlf:
        out = out.replace("\n", "\r\n")
    return bom + out
