"""Syntax highlighting of `.kpi` files for Pygments: `pygmentize -l kpi`, and documentation tools.

Pygments finds `KpiLexer` through the `pygments.lexers` entry point when kpidsl is installed with
Pygments (`pip install 'kpidsl[highlight]'`); nothing else in kpidsl imports this module. The word
lists are the grammar's (tests/highlight checks they agree with `grammar/kpidsl.lark`), written out
here so that highlighting a file costs no parser. Like the grammar's keywords, a word is coloured as
a keyword wherever it stands. Full-width punctuation outside strings and comments is marked as an
error: the parser would reject it (`kpi fmt` rewrites it).
"""

from __future__ import annotations

from typing import ClassVar

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, Punctuation, String, Whitespace

#: Words that start a definition or a declaration.
DECLARATIONS = ("scheme", "input", "const", "ladder", "scale", "bands", "template", "indicator", "group", "test", "param",
                "field", "exclude")

#: Words that name modules.
NAMESPACE = ("import", "from")

#: Logical and membership operators written as words.
OPERATOR_WORDS = ("and", "or", "not", "in")

#: Literal values.
CONSTANTS = ("true", "false", "empty")

#: Every other keyword of the grammar.
KEYWORDS = (
    "after", "alias", "all", "as", "asc", "balance", "before", "bonus", "boundary", "by", "cap", "category", "code",
    "coefficient", "column", "combine", "data", "date", "deduct", "desc", "description", "direction", "distribute", "drop",
    "each", "else", "error", "expect", "flag", "floor", "for", "full", "full_marks", "given", "grade", "hidden",
    "id", "if", "label", "method", "min_group", "missing", "mode", "name_en", "no", "normalise", "note", "on",
    "optional", "over", "overrides", "owner", "per", "percent", "percentile", "period", "periods", "places",
    "points", "pool", "proportional", "prorate", "rank", "raters", "rollup", "round", "rounding", "score", "shares",
    "skip", "source", "spill", "split", "summary_rows", "target", "then", "ties", "total", "unit", "value",
    "version", "veto", "weight", "when", "where", "within", "zero",
)

#: Input types (after the colon of an `input` declaration).
TYPES = ("number", "count", "percent", "money", "days", "score", "text", "date", "bool", "period")

#: Functions a formula may call.
FUNCTIONS = ("abs", "avg", "clamp", "coalesce", "days_between", "max", "min", "present", "round", "sum", "prev", "last_year",
             "mean", "median", "count")

#: Full-width punctuation a Chinese input method types in place of ASCII.
FULL_WIDTH = "，：；（）【】［］“”＝＞＜＋－＊／％｛｝．。≥≤×÷"

_NAME = r"\d*[^\W\d]\w*"
_NOT_NAME = r"(?!\w)"


class KpiLexer(RegexLexer):
    """Pygments lexer for kpidsl scheme files (`.kpi`)."""

    name = "kpidsl"
    aliases: ClassVar[list[str]] = ["kpi", "kpidsl"]
    filenames: ClassVar[list[str]] = ["*.kpi"]
    mimetypes: ClassVar[list[str]] = ["text/x-kpi"]
    url = "https://github.com/kpidsl/kpidsl"
    version_added = ""

    tokens: ClassVar[dict[str, list]] = {  # type: ignore[type-arg]
        "root": [
            (r"[ \t\f\r\n\u3000]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"', String.Double, "string"),
            (rf"(input)(\s+)({_NAME})(\s*)(:)(\s*)({_NAME})",
             bygroups(Keyword.Declaration, Whitespace, Name.Variable, Whitespace, Punctuation, Whitespace, Keyword.Type)),
            (rf"(indicator|group|ladder|scale|bands|const|template|param|rank|percentile|distribute|coefficient|pool|shares"
             rf"|normalise|flag|rollup|field)(\s+)({_NAME})",
             bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (words(DECLARATIONS, suffix=_NOT_NAME), Keyword.Declaration),
            (words(NAMESPACE, suffix=_NOT_NAME), Keyword.Namespace),
            (words(OPERATOR_WORDS, suffix=_NOT_NAME), Operator.Word),
            (words(CONSTANTS, suffix=_NOT_NAME), Keyword.Constant),
            (words(KEYWORDS, suffix=_NOT_NAME), Keyword),
            (rf"({'|'.join(FUNCTIONS)})(?=\s*\()", Name.Builtin),
            (_NAME, Name),
            (r"\d+(\.\d+)?%?", Number),
            (r"->|\.\.|>=|<=|==|!=|[<>=+\-*/]", Operator),
            (r"[{}\[\](),:;.]", Punctuation),
            (f"[{FULL_WIDTH}]", Error),
        ],
        "string": [
            (r'\\.', String.Escape),
            (r'[^"\\\n]+', String.Double),
            (r'"', String.Double, "#pop"),
            (r"\n", Error, "#pop"),  # a string ends on its line
        ],
    }
