"""`kpidsl.prebuilt.dataclass` makes the same classes as `dataclasses.dataclass`, from methods
generated ahead of time (`python -m kpidsl.prebuild`), and the generated file is up to date.

The reference for each class is the class `dataclasses.dataclass` makes of the very same class
statement: every module that declares prebuilt classes is executed a second time under another
name (`kpidsl.<package>.__reference__<module>`), where no generated entry matches, so the decorator
hands each class to `dataclasses.dataclass`. The two are then compared in fields, parameters,
signature, the methods and attributes they define, and in behaviour on the same values: equality,
hash, repr, frozenness, `dataclasses.replace`, pickling and pattern matching.

mypy sees the standard decorator (the `TYPE_CHECKING` branch of `prebuilt.py`); `mypy --strict`
over kpidsl, in `.ci/run`, type-checks every constructor call of these classes through it.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import importlib.util
import inspect
import pickle
import re
import subprocess
import sys
from dataclasses import MISSING
from pathlib import Path
from types import MemberDescriptorType, ModuleType
from typing import Any

import pytest

import kpidsl
from kpidsl import prebuilt
from kpidsl.prebuilt_methods import ENTRIES

FIX = "run `python -m kpidsl.prebuild` and commit kpidsl/prebuilt_methods.py"


def _class(qualified: str) -> type:
    """The class an entry is for, found by importing the longest module prefix of its name."""
    parts = qualified.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj  # type: ignore[no-any-return]
    raise LookupError(qualified)


_REFERENCE: dict[str, ModuleType] = {}


def _reference_module(name: str) -> ModuleType:
    """Module `name` executed again as a sibling module of another name, so that its classes are
    made by `dataclasses.dataclass` (registered in `sys.modules`, so that instances pickle)."""
    if name not in _REFERENCE:
        real = sys.modules[name]
        package, _, leaf = name.rpartition(".")
        ref_name = f"{package}.__reference__{leaf}"
        assert real.__file__ is not None
        spec = importlib.util.spec_from_file_location(ref_name, real.__file__)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[ref_name] = module
        spec.loader.exec_module(module)
        _REFERENCE[name] = module
    return _REFERENCE[name]


def _reference(cls: type) -> type:
    obj: Any = _reference_module(cls.__module__)
    for name in cls.__qualname__.split("."):
        obj = getattr(obj, name)
    return obj  # type: ignore[no-any-return]


def _field_facts(cls: type) -> list[tuple[Any, ...]]:
    """Each field's options; defaults by their text (the reference module made its own objects)."""
    return [(f.name, f.type, _text(f.default), _text(f.default_factory), f.init, f.repr, f.compare, f.hash, f.kw_only, dict(f.metadata),
             f._field_type)  # type: ignore[attr-defined]
            for f in dataclasses.fields(cls)]


#: Attributes every dataclass has that hold functions or objects made per class.
_MADE = {"__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__getstate__", "__setstate__",
         "__dataclass_fields__", "__dataclass_params__", "__module__", "__dict__", "__weakref__"}


#: What Python caches on a class when it is used: pickle keeps the slot names of a class without
#: `__slots__` (none) there once one of its objects was written, which the parse cache does.
_CACHES = {"__slotnames__"}


def _arguments(cls: type) -> dict[str, Any]:
    """A distinct plain value for each parameter without a default."""
    return {f.name: f"v{i}" for i, f in enumerate(dataclasses.fields(cls))
            if f.init and f.default is MISSING and f.default_factory is MISSING}


def _make(cls: type, **changed: Any) -> tuple[Any, BaseException | None]:
    try:
        return cls(**{**_arguments(cls), **changed}), None
    except Exception as exc:  # noqa: BLE001 - a __post_init__ may reject plain values; both must agree
        return None, exc


def _matched(value: Any, cls: type) -> tuple[Any, ...] | None:
    """What a class pattern with one capture per `__match_args__` entry captures."""
    names = cls.__match_args__  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {"value": value, "C": cls}
    captures = ", ".join(f"c{i}" for i in range(len(names)))
    code = f"match value:\n    case C({captures}):\n        out = ({captures}{',' if names else ''})\n    case _:\n        out = None\n"
    exec(code, namespace)
    return namespace["out"]  # type: ignore[no-any-return]


CLASSES = sorted(ENTRIES)

#: The comparisons need the generated methods in use; on another Python the decorator is
#: `dataclasses.dataclass` itself (prebuilt.PYTHONS).
in_use = pytest.mark.skipif(sys.version_info[:2] not in prebuilt.PYTHONS,
                            reason=f"the generated methods reproduce the dataclasses of Python {prebuilt.PYTHONS}")


@in_use
def test_generated_module_is_up_to_date() -> None:
    """In a fresh interpreter: this one has the reference modules and the suite's own wrapper of
    `Diagnostic.__init__` (conftest.py) loaded."""
    done = subprocess.run([sys.executable, "-m", "kpidsl.prebuild", "--check"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"{done.stderr.strip()}\n{FIX}"


@in_use
def test_every_entry_is_used() -> None:
    """A key the decorator computes differently from the generator would fall back silently."""
    fallen = [q for q in CLASSES if not prebuilt.is_prebuilt(_class(q))]
    assert not fallen, (f"built by dataclasses.dataclass although they have an entry: {fallen}; declare them with "
                        f"`from kpidsl.prebuilt import dataclass` (not `@dataclasses.dataclass`), then {FIX}")


def test_mypy_sees_the_standard_decorator() -> None:
    tree = ast.parse(Path(prebuilt.__file__).read_text(encoding="utf-8"))
    guarded = [node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
    assert any(ast.unparse(stmt) == "from dataclasses import dataclass as dataclass" for node in guarded for stmt in node.body)


@in_use
@pytest.mark.parametrize("qualified", CLASSES)
def test_same_class_as_dataclasses_makes(qualified: str) -> None:
    cls = _class(qualified)
    ref = _reference(cls)
    assert prebuilt.is_prebuilt(cls) and not prebuilt.is_prebuilt(ref)
    assert _field_facts(cls) == _field_facts(ref)
    assert repr(cls.__dataclass_params__) == repr(ref.__dataclass_params__)  # type: ignore[attr-defined]
    assert _text(inspect.signature(cls)) == _text(inspect.signature(ref))
    assert cls.__init__.__annotations__ == ref.__init__.__annotations__  # type: ignore[misc]
    assert _text(cls.__doc__) == _text(ref.__doc__)
    assert set(cls.__dict__) - _CACHES == set(ref.__dict__) - _CACHES
    for name in set(cls.__dict__) - _MADE - _CACHES:
        mine, theirs = cls.__dict__[name], ref.__dict__[name]
        if isinstance(mine, MemberDescriptorType):  # a slot: its own object in each class
            assert isinstance(theirs, MemberDescriptorType), name
        elif not callable(mine) and not isinstance(mine, property | classmethod | staticmethod):
            assert _text(mine) == _text(theirs), name
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        mine, theirs = cls.__dict__.get(name), ref.__dict__.get(name)
        assert (mine is None) == (theirs is None), name
        if mine is not None and theirs is not None:
            assert mine.__qualname__ == theirs.__qualname__, name
    assert [b.__qualname__ for b in cls.__mro__] == [b.__qualname__ for b in ref.__mro__]
    assert inspect.isabstract(cls) == inspect.isabstract(ref)


@in_use
@pytest.mark.parametrize("qualified", CLASSES)
def test_same_behaviour_as_dataclasses_gives(qualified: str) -> None:
    cls = _class(qualified)
    ref = _reference(cls)
    if inspect.isabstract(cls):
        return
    mine, my_error = _make(cls)
    theirs, their_error = _make(ref)
    assert _text(my_error) == _text(their_error)
    if mine is None:
        return
    twin, _ = _make(cls)
    assert _text(repr(mine)) == _text(repr(theirs))
    other, _ = _make(ref)
    assert (mine == twin, mine != twin) == (theirs == other, theirs != other)  # False where a field compares by identity
    assert (mine == theirs) is False  # another class: NotImplemented both ways
    assert (type(mine).__hash__ is None) == (type(theirs).__hash__ is None)
    assert _outcome(hash, mine) == _outcome(hash, twin)
    assert _text(_outcome(hash, mine)[0]) == _text(_outcome(hash, theirs)[0])  # the kind of outcome, not the value
    assert _text([getattr(mine, f.name) for f in dataclasses.fields(cls)]) == _text(
        [getattr(theirs, f.name) for f in dataclasses.fields(ref)])
    assert (dataclasses.replace(mine) == mine) == (dataclasses.replace(theirs) == theirs)
    assert _text(_matched(mine, cls)) == _text(_matched(theirs, ref))
    for f in dataclasses.fields(cls):  # one field different: equal, hash and repr see it (or not) alike
        if f.init:
            a, b = _make(cls, **{f.name: "changed"})[0], _make(ref, **{f.name: "changed"})[0]
            if a is not None and b is not None:
                assert (a == mine, _text(repr(a))) == (b == theirs, _text(repr(b))), f.name
                assert (_outcome(hash, a) == _outcome(hash, mine)) == (_outcome(hash, b) == _outcome(hash, theirs)), f.name
    assert hasattr(mine, "__dict__") == hasattr(theirs, "__dict__")
    copied = _outcome(lambda x: pickle.loads(pickle.dumps(x)), mine)
    assert _text(copied[0]) == _text(_outcome(lambda x: pickle.loads(pickle.dumps(x)), theirs)[0])
    if copied[0] == "ok":
        assert type(copied[1]) is cls and (copied[1] == mine) == (mine == twin)
    for name in [*[f.name for f in dataclasses.fields(cls)][:1], "not_a_field"]:
        for change in (setattr, delattr):
            args = (name, 1) if change is setattr else (name,)
            assert _text(_outcome(change, _make(cls)[0], *args)) == _text(_outcome(change, _make(ref)[0], *args))


def _outcome(fn: Any, *args: Any) -> tuple[str, Any]:
    """("ok", the result) or ("error", "<exception type>: <message>")."""
    try:
        return "ok", fn(*args)
    except Exception as exc:  # noqa: BLE001 - both classes must fail alike
        return "error", f"{type(exc).__name__}: {exc}"


def _text(value: Any) -> str:
    """A value's repr without object addresses and reference-module names: what must be equal
    between a prebuilt class's instance and the reference class's."""
    if isinstance(value, BaseException):
        value = f"{type(value).__name__}: {value}"
    return re.sub(r" at 0x[0-9a-f]+", "", re.sub(r"__reference__", "", repr(value)))


def test_a_changed_declaration_falls_back_to_dataclasses() -> None:
    """A class edited since the generator last ran (here: a field added to a class that has an
    entry) is made by `dataclasses.dataclass`, field for field as declared."""
    from kpidsl.source import Span

    namespace: dict[str, Any] = {"__name__": Span.__module__, "dataclass": prebuilt.dataclass}
    exec(
        "from __future__ import annotations\n"
        "class Span:\n"
        '    """A region."""\n'
        "    path: str\n    line: int\n    col: int\n    end_line: int\n    end_col: int\n    added_by_this_test: int = 0\n",
        namespace,
    )
    changed = prebuilt.dataclass(frozen=True, slots=True)(namespace["Span"])
    assert not prebuilt.is_prebuilt(changed)
    assert [f.name for f in dataclasses.fields(changed)][-1] == "added_by_this_test"
    assert changed("a", 1, 2, 3, 4).added_by_this_test == 0


def test_other_options_go_to_dataclasses() -> None:
    @prebuilt.dataclass(order=True)
    class Ordered:
        x: int

    assert not prebuilt.is_prebuilt(Ordered)
    assert Ordered(1) < Ordered(2)


def test_kpidsl_has_entries() -> None:
    """The generator found the package's classes (a broken walk would leave the table empty)."""
    assert len(ENTRIES) > 100
    assert any(q.startswith(f"{kpidsl.__name__}.nodes.") for q in ENTRIES)
