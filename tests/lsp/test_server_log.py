"""What `kpi lsp` writes to its stderr (the editor's output panel): a refused rename or format is
answered to the editor and is not a crash, so no traceback for it; a real internal error still is
logged with its traceback."""

from __future__ import annotations

import asyncio

import pytest
from lsp_client import ROOT, client, open_doc, position_of  # noqa: F401 - `client` is the fixture
from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

PM = ROOT / "examples" / "purchasing_manager" / "scheme.kpi"


def _doc(u: str) -> t.TextDocumentIdentifier:
    return t.TextDocumentIdentifier(uri=u)


async def _stderr_until(capfd: pytest.CaptureFixture[str], marker: str, timeout: float = 20) -> str:
    """The server's stderr (forwarded by the client) up to and including `marker`."""
    loop = asyncio.get_running_loop()
    end, seen = loop.time() + timeout, ""
    while marker not in seen:
        if loop.time() > end:
            raise AssertionError(f"{marker!r} never reached stderr; it had: {seen!r}")
        await asyncio.sleep(0.05)
        seen += capfd.readouterr().err
    return seen


async def test_refusals_write_no_traceback_but_internal_errors_do(client: LanguageClient, tmp_path_factory: pytest.TempPathFactory,
                                                                  capfd: pytest.CaptureFixture[str]) -> None:
    text = PM.read_text(encoding="utf-8")
    u = open_doc(client, PM)
    broken = open_doc(client, tmp_path_factory.mktemp("log") / "broken.kpi", "scheme \"s\" { round 1 }}\n")
    capfd.readouterr()
    with pytest.raises(JsonRpcException) as exc:  # refused: the input reads the column by its name
        await client.text_document_rename_async(t.RenameParams(
            text_document=_doc(u), position=position_of(text, "工号: text", offset=1), new_name="员工编号"))
    assert "has no label" in exc.value.message
    with pytest.raises(JsonRpcException) as exc:  # refused: syntax errors
        await client.text_document_formatting_async(t.DocumentFormattingParams(
            text_document=_doc(broken), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert "syntax errors" in exc.value.message
    # a real failure (a document neither open nor on disk) is logged with its traceback: the marker
    missing = (PM.parent / "no-such-file.kpi").resolve().as_uri()
    with pytest.raises(JsonRpcException):
        await client.text_document_formatting_async(t.DocumentFormattingParams(
            text_document=_doc(missing), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    err = await _stderr_until(capfd, "FileNotFoundError")
    before = err[: err.index("FileNotFoundError")]
    assert err.count("Traceback") == 1 and "Traceback" in before  # only the internal error's
    assert "has no label" not in err and "syntax errors" not in err
