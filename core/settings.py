"""One way to check a plugin's settings: typed field specs and one error style.

Each plugin keeps its `DEFAULTS` dict and its frozen `Config`; it describes
every setting with a `Field` and calls `read_settings`, which merges the site's
values over the defaults, checks them all, logs every problem as
`<plugin>: bad setting <SETTING>=<value repr>: expected <what>` and raises the
plugin's `SettingsError` subclass naming the bad settings. Plugins turn that
into `SystemExit(1)` at start, so a bad value stops the build without a
traceback. Pure: no pelican import.

Plain Python rather than pydantic, msgspec or attrs: the checks are the
project's own rules (URL patterns, paths inside the output, series rules), so
a library would add a dependency without removing those lines.
"""

from __future__ import annotations

import logging
import math
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from string import Formatter
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "Field",
    "SettingsError",
    "flag",
    "folder",
    "http_url",
    "integer",
    "list_of",
    "nonblank",
    "number",
    "one_of",
    "optional",
    "output_path",
    "problem",
    "read_settings",
    "text",
    "text_map",
    "timezone_problem",
    "url_pattern",
]


def _same(value: Any) -> Any:
    """Return `value` unchanged."""
    return value


def problem(name: str, value: object, expected: str) -> str:
    """Return the one-line problem text: `NAME=<repr>: expected <what>`."""
    return f"{name}={value!r}: expected {expected}"


class SettingsError(ValueError):
    """Settings of one plugin have values it cannot use; the message names them."""

    def __init__(self, plugin: str, problems: Iterable[str]) -> None:
        """Keep the problems; the message is one line per problem."""
        self.problems = tuple(problems)
        self.lines = tuple(f"{plugin}: bad setting {p}" for p in self.problems)
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True, slots=True)
class Field:
    """One setting's kind: what it accepts, said in words, and how to read it."""

    expected: str
    accepts: Callable[[Any], bool]
    convert: Callable[[Any], Any] = _same
    # A list whose items are each checked as this field, named `NAME[i]`.
    item: Field | None = None
    # A list that also takes one string for a list of one.
    lone: bool = False

    def read(self, name: str, value: Any, problems: list[str]) -> Any:
        """Return the converted value, or None after recording its problems."""
        if self.lone and isinstance(value, str):
            value = [value]
        if not self.accepts(value):
            problems.append(problem(name, value, self.expected))
            return None
        if self.item is None or not isinstance(value, list | tuple):
            return self.convert(value)  # a plain value, or an optional list's None
        known = len(problems)
        items = [
            self.item.read(f"{name}[{i}]", v, problems) for i, v in enumerate(value)
        ]
        return None if len(problems) > known else self.convert(tuple(items))


def _is_int(value: object) -> bool:
    """Tell whether `value` is an int (bool is not one here)."""
    return isinstance(value, int) and not isinstance(value, bool)


def nonblank(value: object) -> bool:
    """Tell whether `value` is a string with more than whitespace."""
    return isinstance(value, str) and bool(value.strip())


def integer(minimum: int = 1) -> Field:
    """Accept a whole number of at least `minimum`."""
    expected = (
        "a positive whole number" if minimum == 1 else f"a whole number >= {minimum}"
    )
    return Field(expected, lambda v: _is_int(v) and v >= minimum)


def number(
    minimum: float | None = None, convert: Callable[[Any], Any] = _same
) -> Field:
    """Accept a finite int or float above 0, or of at least `minimum` when given."""

    def accepts(value: object) -> bool:
        if not (_is_int(value) or isinstance(value, float)) or not value < math.inf:
            return False
        return value > 0 if minimum is None else value >= minimum

    expected = "a positive number" if minimum is None else f"a number >= {minimum:g}"
    return Field(expected, accepts, convert)


def text(*, empty: bool = False) -> Field:
    """Accept a string; a blank one only when `empty` is True."""
    if empty:
        return Field("a string", lambda v: isinstance(v, str))
    return Field("a non-empty string", nonblank)


def flag() -> Field:
    """Accept True or False."""
    return Field("True or False", lambda v: isinstance(v, bool))


def one_of(*choices: object) -> Field:
    """Accept one of `choices`."""
    return Field(
        "one of " + ", ".join(repr(c) for c in choices),
        lambda v: any(v == c and type(v) is type(c) for c in choices),
    )


def optional(field: Field) -> Field:
    """Accept what `field` accepts, or None or '' (read as None: switched off)."""
    return Field(
        f"{field.expected}, or None",
        lambda v: v is None or v == "" or field.accepts(v),
        lambda v: None if v is None or v == "" else field.convert(v),
        field.item,
    )


def list_of(item: Field, expected: str = "", *, lone: bool = False) -> Field:
    """Accept a list or tuple whose every item `item` accepts; read as a tuple.

    `expected` defaults to "a list of <item>s"; with `lone`, one string stands
    for a list of one.
    """
    return Field(
        expected or f"a list of {item.expected.removeprefix('a ')}s",
        lambda v: isinstance(v, list | tuple),
        item=item,
        lone=lone,
    )


def text_map() -> Field:
    """Accept a dict of strings to strings; read as a read-only mapping."""
    return Field(
        "a dict of strings to strings",
        lambda v: (
            isinstance(v, Mapping)
            and all(isinstance(k, str) and isinstance(t, str) for k, t in v.items())
        ),
        MappingProxyType,
    )


def http_url() -> Field:
    """Accept an http:// or https:// address."""
    return Field(
        "an http(s) address",
        lambda v: isinstance(v, str) and v.startswith(("https://", "http://")),
    )


def output_path(*, empty: bool = False) -> Field:
    """Accept a relative path that stays inside the output ('' too when `empty`)."""

    def accepts(value: object) -> bool:
        if not isinstance(value, str) or value.startswith("/"):
            return False
        parts = [p for p in value.split("/") if p not in ("", ".")]
        return ".." not in parts and (empty or bool(parts))

    expected = "a relative path inside the output"
    return Field(expected + (", or ''" if empty else ""), accepts)


def folder() -> Field:
    """Accept a folder name under PATH; read as a clean POSIX path."""
    return Field(
        "a folder name under PATH",
        lambda v: isinstance(v, str) and bool(v.strip("/ ")),
        lambda v: posixpath.normpath(v.strip().strip("/")),
    )


def _fields_of(pattern: str) -> set[str] | None:
    """Return the names a format pattern uses, or None when it does not parse."""
    try:
        return {
            field.split(".")[0].split("[")[0]
            for _, field, _, _ in Formatter().parse(pattern)
            if field is not None
        }
    except ValueError:
        return None


def url_pattern(fields: Iterable[str], *, needs: Iterable[str] = ()) -> Field:
    """Accept a URL pattern using only `fields` (and every one of `needs`)."""
    allowed, required = frozenset(fields), frozenset(needs)

    def braced(names: Iterable[str]) -> str:
        return ", ".join("{" + name + "}" for name in sorted(names))

    expected = "a URL pattern" + (f" with {braced(required)}," if required else "")
    expected += f" using only {braced(allowed)}"

    def accepts(value: object) -> bool:
        used = _fields_of(value) if nonblank(value) and value.strip("/") else None
        return used is not None and required <= used <= allowed

    return Field(expected, accepts)


def read_settings(
    plugin: str,
    settings: Mapping[str, Any],
    defaults: Mapping[str, Any],
    fields: Mapping[str, Field],
    *,
    logger: logging.Logger | None,
    error: type[SettingsError] = SettingsError,
    prefix: str | None = None,
    rules: Callable[[dict[str, Any]], Iterable[str]] | None = None,
) -> dict[str, Any]:
    """Merge `settings` over `defaults`, check each by `fields`, return the values.

    Unknown names starting with `prefix` are problems too (a misspelt name would
    otherwise be ignored). `rules` sees the converted values and returns the
    problems between settings; it runs only when every setting is valid, so one
    bad value is one problem. Every problem is logged as an error (unless
    `logger` is None: a command prints the error); then `error` is raised.
    """
    problems: list[str] = []
    if prefix is not None:
        problems += [
            problem(
                name, settings[name], "a known setting: " + ", ".join(sorted(defaults))
            )
            for name in sorted(n for n in settings if isinstance(n, str))
            if name.startswith(prefix) and name not in defaults
        ]
    known = len(problems)
    values = {
        name: field.read(name, settings.get(name, defaults[name]), problems)
        for name, field in fields.items()
    }
    if rules is not None and len(problems) == known:
        problems += rules(values)
    if problems:
        failure = error(plugin, problems)
        for line in failure.lines if logger is not None else ():
            logger.error("%s", line)
        raise failure
    return values


def plugin_loaded(settings: Mapping[str, Any], package: str) -> bool:
    """Tell whether these settings come from a run that loaded the plugin `package`.

    Pelican's signals are process-wide: once any build has registered a plugin,
    its handlers also hear later builds that did not ask for it (a test session,
    a benchmark). A run lists its loaded plugins in PLUGINS; content made outside
    a run (settings without a PLUGINS list) is served.
    """
    plugins = settings.get("PLUGINS")
    if not isinstance(plugins, list | tuple):
        return True
    wanted = package.rsplit(".", 1)[-1]
    return any(str(name).rsplit(".", 1)[-1] == wanted for name in plugins)


def timezone_problem(settings: Mapping[str, Any]) -> str | None:
    """Return the problem line for a TIMEZONE Python does not know, else None.

    Pelican reads every post's date in TIMEZONE; an unknown name fails each post
    and then stops the build with a traceback.
    """
    zone = settings.get("TIMEZONE")
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return problem(
            "TIMEZONE", zone, "a time zone name such as 'Europe/Paris' or 'UTC'"
        )
    return None
