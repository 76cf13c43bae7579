"""The message catalogue: every user-facing string, in English and Chinese, one module per area.

Each module declares its messages with `kpidsl.i18n.message`; a message's id is `<area>.<name>`.
Modules are imported by the code that speaks in them (the linter loads `lint`, the data readers
`data`), so a command pays only for its own words. `AREAS` lists them all for the catalogue test
(tests/unit/test_messages.py) and for docs/i18n.md.
"""

#: Every module of the catalogue, by area.
AREAS = ("common", "syntax", "kinds", "names", "check", "runtime", "modules", "data", "cli", "run", "lint", "design", "output", "audit", "diffwords", "testing",
         "editor", "files", "engine", "fallback", "guards", "periods", "fixes", "fmt", "records",
         "labels")
