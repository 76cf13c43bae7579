"""The message catalogue: every message in both languages with the same placeholders, plurals and
grammar, re-rendering in another language, and the language choice (option, variable, locale)."""

from __future__ import annotations

import importlib
import pickle
import string
import threading
from decimal import Decimal
from pathlib import Path

import pytest

import kpidsl
from kpidsl import i18n
from kpidsl.i18n import Lang, Message, Plural, language, language_from_environment, listing, localize, parse_language
from kpidsl.messages import AREAS

PACKAGE = Path(kpidsl.__file__).parent / "messages"


def _messages() -> list[Message]:  # type: ignore[type-arg]
    out = []
    for area in AREAS:
        module = importlib.import_module(f"kpidsl.messages.{area}")
        out.extend(v for v in vars(module).values() if isinstance(v, Message))
    return out


MESSAGES = _messages()


def test_every_module_of_the_catalogue_is_listed() -> None:
    on_disk = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert on_disk == set(AREAS)
    assert len(MESSAGES) > 300


def test_ids_are_unique_and_name_their_area() -> None:
    ids = [m.template.id for m in MESSAGES]
    assert len(ids) == len(set(ids))
    assert all(i.split(".")[0] in AREAS for i in ids)


@pytest.mark.parametrize("m", MESSAGES, ids=lambda m: m.template.id)
def test_both_languages_have_the_placeholders_of_the_signature(m: Message) -> None:  # type: ignore[type-arg]
    t = m.template
    assert t.zh.strip(), "no Chinese text"
    assert all(f.strip() for f in t.forms(Lang.EN)), "no English text"
    # A plural's count may only choose the form (both columns / all columns), not appear in it.
    optional = {t.en.count} if isinstance(t.en, Plural) else set()
    for lang in Lang:
        for form in t.forms(lang):
            found = i18n.placeholders(form)
            assert found <= set(m.params) and set(m.params) - found <= optional, f"{lang}: {form!r}"
            for _, field, spec, conversion in string.Formatter().parse(form):
                assert field is None or (field.isidentifier() and not spec and not conversion), form
    if isinstance(t.en, Plural):
        assert t.en.count in m.params


@pytest.mark.parametrize("m", MESSAGES, ids=lambda m: m.template.id)
def test_chinese_text_is_written_with_chinese_punctuation(m: Message) -> None:  # type: ignore[type-arg]
    """A Chinese sentence uses full-width commas, colons and brackets outside code and values:
    `：`, not `: `, after Chinese text (ASCII stays inside backticks, paths and option names)."""
    zh = m.template.zh
    prose = "".join(part for i, part in enumerate(zh.split("`")) if i % 2 == 0)
    for ascii_mark, wide in ((", ", "，"), ("; ", "；")):
        for i in range(len(prose) - 2):
            if prose[i : i + 2] == ascii_mark and ord(prose[i - 1]) > 0x2E80:
                pytest.fail(f"{m.template.id}: '{ascii_mark}' after Chinese text; use '{wide}': {zh!r}")


def test_plural_and_grammar_in_both_languages() -> None:
    from kpidsl.messages.lint import rounded_to

    assert rounded_to(places=1).render(Lang.EN) == "rounded to 1 place"
    assert rounded_to(places=2).render(Lang.EN) == "rounded to 2 places"
    assert rounded_to(places=0).render(Lang.EN) == "rounded to 0 places"
    assert rounded_to(places=1).render(Lang.ZH) == "保留 1 位小数"
    assert rounded_to(places=2).render(Lang.ZH) == "保留 2 位小数"
    from kpidsl.messages.cli import wrote

    assert wrote(count=1, path="r.xlsx").render(Lang.EN) == "wrote 1 record to r.xlsx"
    assert wrote(count=3, path="r.xlsx").render(Lang.EN) == "wrote 3 records to r.xlsx"
    assert wrote(count=3, path="r.xlsx").render(Lang.ZH) == "已将 3 条记录写入 r.xlsx"


def test_text_renders_again_in_another_language_and_nests() -> None:
    from kpidsl.messages import data as msg

    where = listing([msg.where_line(line=5), msg.where_column(column="迟到次数")], i18n.CLAUSES)
    text = msg.at_place(path="d.csv", where=where, message=msg.no_value(input="迟到次数"))
    assert text == "d.csv: line 5, column '迟到次数': no value for '迟到次数'"  # made in English, the default
    assert text.render(Lang.ZH) == "d.csv：第 5 行，列“迟到次数”：输入项“迟到次数”没有值"
    assert localize(text, Lang.ZH) == text.render(Lang.ZH)
    assert localize("plain", Lang.ZH) == "plain"
    assert text.id == "data.at_place"
    with language("zh-CN"):
        assert msg.no_value(input="x") == "输入项“x”没有值"
        assert localize(text) == text.render(Lang.ZH)
    assert pickle.loads(pickle.dumps(text)) == str(text)  # crosses a process boundary as its text


def test_listing_separators() -> None:
    assert listing(["a", "b"]).render(Lang.EN) == "a, b"
    assert listing(["a", "b"]).render(Lang.ZH) == "a、b"


def test_messages_take_keywords_only() -> None:
    from kpidsl.messages.data import no_value

    with pytest.raises(TypeError):
        no_value("x")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("zh", Lang.ZH), ("zh-CN", Lang.ZH), ("zh_CN.UTF-8", Lang.ZH), ("zh_TW.Big5", Lang.ZH), ("ZH", Lang.ZH),
     ("Chinese (Simplified)_China", Lang.ZH), ("en", Lang.EN), ("en_US.UTF-8", Lang.EN), ("English_United States", Lang.EN),
     ("C", None), ("C.UTF-8", None), ("POSIX", None), ("fr_FR.UTF-8", None), ("", None), (None, None)],
)
def test_language_names(text: str | None, lang: Lang | None) -> None:
    assert parse_language(text) is lang


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"KPI_LANG": "zh", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"KPI_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, Lang.EN),
        ({"KPI_LANG": "fr"}, Lang.EN),  # a language kpidsl does not have: English
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, Lang.ZH),  # POSIX: LC_ALL first
        ({"LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"LANG": "zh_CN.UTF-8"}, Lang.ZH),
        ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, Lang.EN),  # the locale in force is C
        ({}, Lang.EN),
    ],
)
def test_language_from_environment(env: dict[str, str], lang: Lang) -> None:
    assert language_from_environment(env) is lang


def test_unknown_language_is_an_error_for_the_api() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"), language("fr"):
        pass


def test_the_library_speaks_english_until_asked() -> None:
    assert i18n.current() is Lang.EN


def test_two_threads_in_two_languages() -> None:
    """An embedding application serving two users: each thread gets its own language, and the
    same scheme's errors come out in each one's language, however the threads interleave."""
    scheme = kpidsl.loads('scheme "t" { input 完成率: percent  indicator x { score 完成率 * 100 } }')
    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {}

    def work(lang: str) -> None:
        texts = []
        with language(lang):
            barrier.wait()
            for _ in range(50):
                try:
                    scheme.evaluate_one({"完成率": 95})
                except kpidsl.KpiDataError as exc:
                    texts.append(exc.diagnostics[0].message + kpidsl.render_error(exc, scheme))
        seen[lang] = texts

    threads = [threading.Thread(target=work, args=(lang,)) for lang in ("en", "zh-CN")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all("written without a percent sign" in t and "百分" not in t for t in seen["en"])
    assert all("没有写百分号" in t and "written" not in t for t in seen["zh-CN"])
    assert len(seen["en"]) == len(seen["zh-CN"]) == 50


def test_cached_diagnostics_render_in_the_language_asked() -> None:
    """A scheme's check results are computed once; rendering them later in another language still
    gives that language (the message remembers its template)."""
    from kpidsl.errors import render_text

    scheme = kpidsl.loads('scheme "t" { input a: percent  indicator x { score a } }')
    with language("zh-CN"):
        try:
            scheme.evaluate_one({"a": 95})
        except kpidsl.KpiDataError as exc:
            diags = exc.diagnostics
    assert "百分号" in diags[0].message
    english = render_text(diags, lambda p, n: "", Lang.EN)
    assert english.startswith("error[K-D0212]: ") and "percent sign" in english
    assert diags[0].to_dict(Lang.EN)["message"] == english.split("\n")[0].removeprefix("error[K-D0212]: ")
    assert str(diags[0].to_dict(Lang.EN)["message"]).startswith("the record, input 'a': 95 is written without")


def test_decimal_arguments_and_plural_counts() -> None:
    p = Plural("n", "{n} place", "{n} places")
    assert p.pick({"n": Decimal(1)}) == "{n} place"
    assert p.pick({"n": Decimal("1.5")}) == "{n} places"


def test_every_builtin_and_aggregate_is_documented_in_both_languages() -> None:
    """Hover and completion show these lines; a new function without one would show nothing."""
    from kpidsl.builtins import AGGREGATES, BUILTINS
    from kpidsl.messages import editor

    assert set(editor.BUILTIN_DOCS) == set(BUILTINS)
    assert set(editor.AGGREGATE_DOCS) == set(AGGREGATES)
    with language("zh-CN"):
        assert editor.BUILTIN_DOCS["round"]() == "把 x 四舍五入到 `places` 位小数（默认 0 位）"
    assert editor.AGGREGATE_DOCS["count"]().startswith("how many values")
