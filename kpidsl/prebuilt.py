"""`dataclass`, with the methods it writes compiled ahead of time: the same classes, made 3x faster.

`dataclasses.dataclass` writes each class's `__init__`, `__repr__`, `__eq__` and `__hash__` as
source text and `exec`s it, every time the class statement runs, i.e. at every import. At about
0.6 ms a class and some 200 frozen, slotted classes on the path of `kpi lint`, that was the largest
part of the command's start (docs/architecture.md, "Start-up"); assembled here, a class takes
about 0.2 ms, most of it the new class that `slots=True` needs. CPython generates its `ast` node
classes from a declaration ahead of time for the same reason.

So `python -m kpidsl.prebuild` reads every dataclass kpidsl declares and writes those methods once,
as ordinary Python, into `prebuilt_methods.py` (checked in; its bytecode is cached like any
module's). This decorator, imported in place of `dataclasses.dataclass`, finds a class's entry
there and assembles the class from it: the methods are bound to the declaring module's globals,
as `exec` binds them, and the class gets the same `__dataclass_fields__`, `__slots__`,
`__match_args__` and docstring, so `dataclasses.fields`, `replace` and `is_dataclass`, pattern
matching, pickling and mypy (which sees the standard decorator) all work as before.

An entry is used only when the declaration is still exactly what it was generated from: the
entry carries a key (every field's name, annotation, default kind and options, the class's
options, its bases) and the decorator recomputes it from the class statement. A class whose key
differs (edited since the last `python -m kpidsl.prebuild`), or which uses an option the generator
does not write (`order`, `kw_only`, `InitVar`, its own `__eq__`, ...), is handed to
`dataclasses.dataclass` unchanged: slower, never different. (One exception: the key does not hold
default values, which the methods read from the class statement, so the docstring `dataclasses`
gives a class without one, `Name(field: 'type' = default, ...)`, shows an edited default only
after the next run of the generator.) `tests/unit/test_prebuilt.py` checks
that the generated module is up to date and that every class built from it equals, in fields,
signature, methods and behaviour, the class `dataclasses.dataclass` makes of the same declaration.
"""

from __future__ import annotations

import _thread
import abc
import dataclasses
import functools
import inspect
import sys
from collections.abc import Callable, Iterable
from dataclasses import MISSING, Field, FrozenInstanceError
from types import CellType, CodeType, FunctionType
from typing import TYPE_CHECKING, Any, cast

__all__ = ["GENERATED_METHODS", "HAS_DEFAULT_FACTORY", "PYTHONS", "Key", "dataclass", "is_prebuilt", "key_of"]

#: The methods an entry provides; a class defining one of these (or `__slots__`) itself is left to
#: `dataclasses.dataclass`, which keeps the class's own.
GENERATED_METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
                     "__getstate__", "__setstate__", "__match_args__", "__slots__")

#: A field's key: name, annotation, default kind (0 none, 1 a value, 2 a factory), init, repr,
#: compare, hash, kw_only.
FieldKey = tuple[str, str, int, bool, bool, bool, "bool | None", bool]

#: A class's key: frozen, slots, has `__post_init__`, its bases (qualified name, frozen or None
#: when not a dataclass), the class's own methods among GENERATED_METHODS, then its fields.
Key = tuple[bool, bool, bool, tuple[tuple[str, "bool | None"], ...], tuple[str, ...], tuple[FieldKey, ...]]


#: The Python versions whose `dataclasses.dataclass` the generated methods reproduce (and which
#: `tests/unit/test_prebuilt.py` has compared them with). On any other version every class is made
#: by `dataclasses.dataclass`: the start is slower, the classes are that version's own (3.13, for
#: one, adds `__replace__` and compares fields one by one in `__eq__`).
PYTHONS = ((3, 11),)


class _HasDefaultFactory:
    """The default an `__init__` shows for a field with a `default_factory` (as dataclasses' own)."""

    def __repr__(self) -> str:
        return "<factory>"


#: Marks "no value given: call the factory" in a generated `__init__`.
HAS_DEFAULT_FACTORY = _HasDefaultFactory()


def key_of(fields: Iterable[Field[Any]], frozen: bool, slots: bool, cls: type, own: Iterable[str]) -> Key:
    """The key of class `cls` with these (final, ordered) fields, which defines the methods `own`
    itself; the generator computes it from the class it reads, the decorator from the class
    statement, and the entry is used only when the two agree."""
    bases = tuple((f"{b.__module__}.{b.__qualname__}", _frozen_or_none(b)) for b in cls.__mro__[1:-1])
    return (frozen, slots, hasattr(cls, "__post_init__"), bases, tuple(own), tuple(_field_key(f) for f in fields))


def is_prebuilt(cls: type) -> bool:
    """True when `cls` was assembled from the generated methods (not by `dataclasses.dataclass`)."""
    code = getattr(inspect.unwrap(cls.__dict__["__init__"]) if "__init__" in cls.__dict__ else None, "__code__", None)
    return isinstance(code, CodeType) and code.co_filename == _generated_file()


@functools.cache
def _entries() -> dict[str, tuple[Key, Callable[[], None], str | None]]:
    """The generated table (looked up once: ~200 classes ask for it at start-up); empty before
    `python -m kpidsl.prebuild` first wrote it, and on a
    Python whose `dataclasses` the generated methods do not reproduce (see PYTHONS)."""
    if sys.version_info[:2] not in PYTHONS:
        return {}
    try:
        from .prebuilt_methods import ENTRIES
    except ImportError:
        return {}
    return cast("dict[str, tuple[Key, Callable[[], None], str | None]]", ENTRIES)  # generated, not type-checked


def _generated_file() -> str | None:
    try:
        from . import prebuilt_methods
    except ImportError:
        return None
    return prebuilt_methods.__file__


def _frozen_or_none(cls: type) -> bool | None:
    params = cls.__dict__.get("__dataclass_params__")
    return None if params is None else bool(params.frozen)


def _field_key(f: Field[Any]) -> FieldKey:
    kind = 1 if f.default is not MISSING else 2 if f.default_factory is not MISSING else 0
    return (f.name, f.type if isinstance(f.type, str) else repr(f.type), kind, f.init, f.repr, f.compare, f.hash,
            bool(f.kw_only))


def _dataclass(cls: type | None = None, /, *, frozen: bool = False, slots: bool = False, **options: Any) -> Any:
    """`dataclasses.dataclass(cls, frozen=..., slots=...)`, assembled from the generated methods when
    they match the declaration; any other option goes to `dataclasses.dataclass` as it is."""

    def wrap(cls: type) -> type:
        if not options:
            built = _assemble(cls, frozen, slots)
            if built is not None:
                return built
        return dataclasses.dataclass(cls, frozen=frozen, slots=slots, **options)

    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    dataclass = _dataclass


def _assemble(cls: type, frozen: bool, slots: bool) -> type | None:
    """The dataclass `dataclasses.dataclass` would make of `cls`, from the generated methods; None
    when there is no entry for `cls` or it no longer matches the declaration."""
    entry = _entries().get(f"{cls.__module__}.{cls.__qualname__}")
    if entry is None:
        return None
    key, holder, doc = entry
    ns = cls.__dict__
    fields = _fields(cls, ns)
    if fields is None:
        return None
    field_list = list(fields.values())
    own = [name for name in GENERATED_METHODS if name in ns]
    if key_of(field_list, frozen, slots, cls, own) != key:
        return None
    module = sys.modules.get(cls.__module__)
    methods = _methods(holder, field_list, module.__dict__ if module else {})
    init = methods["__init__"]
    init.__annotations__ = {**{f.name: f.type for f in field_list if f.init}, "return": None}
    attrs: dict[str, Any] = {
        "__dataclass_params__": _params(frozen, slots),
        "__dataclass_fields__": fields,
        "__init__": init,
        "__repr__": _recursive_repr(methods["__repr__"]),
        "__eq__": methods["__eq__"],
        "__hash__": methods.get("__hash__"),  # None: a mutable class with __eq__ is unhashable
    }
    if frozen:
        names = tuple(f.name for f in field_list)
        attrs["__setattr__"], attrs["__delattr__"] = _frozen_get_del_attr(cls, names)
    if not ns.get("__doc__"):
        if doc is None:
            return None  # the class lost its docstring since the entry was written
        attrs["__doc__"] = doc
    attrs["__match_args__"] = tuple(f.name for f in field_list if f.init)
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        value = attrs.get(name)
        if value is not None:
            value.__qualname__ = f"{cls.__qualname__}.{name}"
    if slots:
        cls = _with_slots(cls, ns, attrs, field_list, frozen)
    else:
        for f in field_list:
            if f.name in ns and isinstance(ns[f.name], Field):
                if f.default is MISSING:
                    delattr(cls, f.name)
                else:
                    setattr(cls, f.name, f.default)
        for name, value in attrs.items():
            setattr(cls, name, value)
    abc.update_abstractmethods(cls)
    return cls


def _fields(cls: type, ns: Any) -> dict[str, Field[Any]] | None:
    """The fields as `dataclasses` collects them: the bases' (in reverse MRO order), then the
    class's own annotations; None where `dataclasses.dataclass` would raise (let it)."""
    fields: dict[str, Field[Any]] = {}
    for base in cls.__mro__[-1:0:-1]:
        base_fields = getattr(base, "__dataclass_fields__", None)
        if base_fields is not None:
            fields.update(base_fields)
    annotations = ns.get("__annotations__", {})
    for name, value in ns.items():
        if isinstance(value, Field) and name not in annotations:
            return None
    for name, type_ in annotations.items():
        default = ns.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        elif default is not MISSING and default.__class__.__hash__ is None:
            return None  # a mutable default: dataclasses raises ValueError
        else:
            f = dataclasses.field(default=default)
        f.name = name
        f.type = type_
        f._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # what marks a real field for fields()
        if f.kw_only is MISSING:
            f.kw_only = False
        fields[name] = f
    return fields


def _methods(holder: Callable[[], None], field_list: list[Field[Any]], module_globals: dict[str, Any]) -> dict[str, Any]:
    """The generated functions in `holder`, bound to the declaring module's globals (as `exec` in
    `dataclasses` binds them) and to the field defaults as closure cells and parameter defaults."""
    values: dict[str, Any] = {"_object_setattr": object.__setattr__, "_HAS_DEFAULT_FACTORY": HAS_DEFAULT_FACTORY}
    defaults: list[Any] = []
    for f in field_list:
        if f.default_factory is not MISSING:
            values[f"_dflt_{f.name}"] = f.default_factory
            if f.init:
                defaults.append(HAS_DEFAULT_FACTORY)
        elif f.default is not MISSING:
            values[f"_dflt_{f.name}"] = f.default
            if f.init:
                defaults.append(f.default)
    out: dict[str, Any] = {}
    for code in holder.__code__.co_consts:
        if isinstance(code, CodeType):
            closure = tuple(CellType(values[name]) for name in code.co_freevars)
            argdefs = tuple(defaults) if code.co_name == "__init__" and defaults else None
            out[code.co_name] = FunctionType(code, module_globals, code.co_name, argdefs, closure)
    return out


def _recursive_repr(fn: Callable[[Any], str]) -> Callable[[Any], str]:
    """Guard `__repr__` against a value that contains itself, as `dataclasses` does (with its
    wrapper: `...` for the value inside itself, `__wrapped__` the generated function)."""
    running: set[tuple[int, int]] = set()

    @functools.wraps(fn)
    def wrapper(self: Any) -> str:
        key = id(self), _thread.get_ident()
        if key in running:
            return "..."
        running.add(key)
        try:
            return fn(self)
        finally:
            running.discard(key)

    return wrapper


def _frozen_get_del_attr(cls: type, names: tuple[str, ...]) -> tuple[Callable[..., None], Callable[..., None]]:
    """`__setattr__` and `__delattr__` of a frozen class, as `dataclasses` writes them (bound to the
    class statement's class, which is what Python 3.11's `dataclasses` binds them to)."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]  # mypy takes `cls` for an instance here

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    return __setattr__, __delattr__


def _with_slots(cls: type, ns: Any, attrs: dict[str, Any], field_list: list[Field[Any]], frozen: bool) -> type:
    """The class made again with `__slots__` for its new fields (a class's slots are fixed when it
    is made), as `dataclasses` does for `slots=True`."""
    new_ns = dict(ns)
    new_ns.update(attrs)
    inherited: set[str] = set()
    for base in cls.__mro__[1:-1]:
        slots = base.__dict__.get("__slots__")
        if isinstance(slots, str):
            inherited.add(slots)
        elif slots is not None:
            inherited.update(slots)
    names = tuple(f.name for f in field_list)
    new_ns["__slots__"] = tuple(name for name in names if name not in inherited)
    for name in names:
        new_ns.pop(name, None)
    new_ns.pop("__dict__", None)
    new_ns.pop("__weakref__", None)
    qualname = cls.__qualname__
    made = type(cls)(cls.__name__, cls.__bases__, new_ns)
    made.__qualname__ = qualname
    if frozen:
        made.__getstate__ = _getstate  # type: ignore[method-assign, assignment]
        made.__setstate__ = _setstate  # type: ignore[attr-defined]
    return made


def _getstate(self: Any) -> list[Any]:
    """Pickling a frozen slotted class: its field values, in order (as `dataclasses`)."""
    cls: type = type(self)
    return [getattr(self, name) for name in _field_names(cls)]


def _setstate(self: Any, state: list[Any]) -> None:
    cls: type = type(self)
    for name, value in zip(_field_names(cls), state, strict=False):
        object.__setattr__(self, name, value)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """The names `dataclasses.fields(cls)` lists, once per class: reading a file's nodes back from
    the parse cache sets ~1,000 objects, and `fields()` filtering each class's fields again for
    every one of them was a fifth of `kpi lint`'s work on a cached file."""
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.lru_cache(maxsize=4)
def _params(frozen: bool, slots: bool) -> Any:
    """`__dataclass_params__` for `@dataclass(frozen=frozen, slots=slots)`, as Python 3.11's
    `dataclasses` records it (init, repr, eq, order, unsafe_hash, frozen; `slots` is not kept
    before 3.12). Made directly on 3.11: taking it from an empty dataclass cost 0.4 ms each, for
    `exec`ing that class's methods; on another Python (should PYTHONS admit one) taken so.
    tests/unit/test_prebuilt.py compares it with the real one for every class."""
    if sys.version_info[:2] == (3, 11):
        return dataclasses._DataclassParams(True, True, True, False, False, frozen)  # type: ignore[attr-defined]

    class Params:
        pass

    return dataclasses.dataclass(frozen=frozen, slots=slots)(Params).__dataclass_params__
