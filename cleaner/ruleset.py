"""Rule packs: YAML files of rules, validated when loaded and compiled once.

A pack is ``{pack: NAME, rules: [RULE, ...]}``. Each rule has a stable ``id``, a
``category``, a ``kind`` from `KINDS`, its pattern(s), a one-line ``why`` and ``examples``
(texts it must remove and look-alikes it must keep). Word lists live in ``words/*.txt``
beside the packs.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import regex
import yaml

# The closed set of rule kinds; each is implemented once, in cleaner.rule_kinds.
KINDS = ("block", "section", "tail", "span", "field", "vocabulary", "comments")
FIELD_NAMES = ("authors", "date", "source", "url")
WHERE = ("any", "head", "tail")

_PATTERN = {"type": "string", "minLength": 1}
# ISO 639-1 codes; a rule without them is language-neutral.
_LANGUAGES = {
    "type": "array",
    "items": {"type": "string", "pattern": "^[a-z]{2}$"},
    "minItems": 1,
    "uniqueItems": True,
}
_EXAMPLE = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {"text": {"type": "string", "minLength": 1}, "value": {}},
            "required": ["text", "value"],
            "additionalProperties": False,
        },
    ]
}
_RULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"},
        "category": {"type": "string", "pattern": r"^[a-z][a-z_]*$"},
        "kind": {"enum": list(KINDS)},
        "why": {"type": "string", "minLength": 10},
        "pattern": _PATTERN,
        "start": _PATTERN,
        "end": _PATTERN,
        "continue": _PATTERN,
        "next": _PATTERN,
        "continue_kinds": {"type": "array", "items": {"type": "string"}},
        "field": {"enum": list(FIELD_NAMES)},
        "words": {"type": "string", "pattern": r"^(?:[a-z]{2}/)?[\w.-]+\.txt$"},
        "min_tokens": {"type": "integer", "minimum": 1},
        "max_words": {"type": "integer", "minimum": 1},
        "max_blocks": {"type": "integer", "minimum": 1},
        "where": {"enum": list(WHERE)},
        "match_raw": {"type": "boolean"},
        "continue_links": {"type": "boolean"},
        "case_sensitive": {"type": "boolean"},
        "languages": _LANGUAGES,
        "examples": {
            "type": "object",
            "properties": {
                "remove": {"type": "array", "items": _EXAMPLE, "minItems": 1},
                "keep": {"type": "array", "items": _EXAMPLE, "minItems": 1},
            },
            "required": ["remove", "keep"],
            "additionalProperties": False,
        },
    },
    "required": ["id", "category", "kind", "why", "examples"],
    "additionalProperties": False,
    "allOf": [
        {
            "if": {"properties": {"kind": {"enum": ["block", "span", "tail"]}}},
            "then": {"required": ["pattern"]},
        },
        {
            "if": {"properties": {"kind": {"const": "field"}}},
            "then": {"required": ["pattern", "field"]},
        },
        {"if": {"properties": {"kind": {"const": "section"}}}, "then": {"required": ["start"]}},
        {"if": {"properties": {"kind": {"const": "vocabulary"}}}, "then": {"required": ["words"]}},
        {
            "if": {"properties": {"kind": {"const": "comments"}}},
            "then": {"anyOf": [{"required": ["start"]}, {"required": ["end"]}]},
        },
    ],
}
_PACK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "pack": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "languages": _LANGUAGES,  # the default of the pack's rules
        "rules": {"type": "array"},
    },
    "required": ["pack", "rules"],
    "additionalProperties": False,
}
_REGEX_KEYS = ("pattern", "start", "end", "continue", "next")


class RulePackError(ValueError):
    """A pack that cannot be used; the message names the file, the rule and the key."""

    def __init__(self, path: str | Path, rule: str, key: str, problem: str) -> None:
        self.path, self.rule, self.key, self.problem = str(path), rule, key, problem
        super().__init__(f"{path}: rule {rule}: key '{key}': {problem}")


@dataclass(frozen=True)
class Rule:
    """One compiled rule. Patterns are `regex` objects so that a runaway one can time out."""

    id: str
    category: str
    kind: str
    why: str
    pack: str
    pattern: regex.Pattern[str] | None = None
    start: regex.Pattern[str] | None = None
    end: regex.Pattern[str] | None = None
    cont: regex.Pattern[str] | None = None
    next: regex.Pattern[str] | None = None
    continue_kinds: tuple[str, ...] = ()
    continue_links: bool = False  # a section also runs over blocks that are all link text
    field: str = ""
    words: frozenset[str] = frozenset()
    min_tokens: int = 1
    max_words: int = 0  # 0: no limit
    max_blocks: int = 12
    where: str = "any"
    match_raw: bool = False
    languages: tuple[str, ...] = ()  # ISO 639-1 codes it runs for; empty: every language
    remove_examples: tuple[Any, ...] = ()
    keep_examples: tuple[Any, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def without(self, names: set[str]) -> RuleSet:
        """Drop rules by id, id prefix (a pack) or category."""
        return RuleSet(
            tuple(
                r
                for r in self.rules
                if r.id not in names and r.category not in names and r.id.split(".")[0] not in names
            )
        )

    def __add__(self, other: RuleSet) -> RuleSet:
        return RuleSet(self.rules + other.rules)


def default_pack_dir() -> Path:
    """The packs shipped inside the installed package (``rules/`` when run from a checkout
    that was not installed)."""
    try:
        return Path(str(importlib.resources.files("cleaner.packs")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "rules"


def _schema_error(path: Path, data: Any, error: jsonschema.ValidationError) -> RulePackError:
    where = list(error.absolute_path)
    rule = "-"
    if len(where) >= 2 and where[0] == "rules" and isinstance(where[1], int):
        item = data["rules"][where[1]]
        rule = item.get("id", f"#{where[1] + 1}") if isinstance(item, dict) else f"#{where[1] + 1}"
        where = where[2:]
    key = ".".join(str(p) for p in where) or "-"
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - allowed)
        return RulePackError(path, rule, ".".join([*map(str, where), *extra[:1]]), "unknown key")
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return RulePackError(path, rule, missing, "missing")
    return RulePackError(path, rule, key, error.message)


_WORDS_REF = regex.compile(r"\{words:([\w-]+(?:/[\w-]+)?)\}")


def _expand_words(path: Path, rule_id: str, key: str, source: str) -> str:
    """``{words:agencies}`` in a pattern stands for the alternation of words/agencies.txt,
    ``{words:de/related}`` for that of words/de/related.txt (one folder per language)."""

    def alternation(match: regex.Match[str]) -> str:
        words = _read_words(path, rule_id, match.group(1) + ".txt", key, lower=False)
        # Longest first; ties by text, so that the pattern is the same in every process.
        ordered = sorted(words, key=lambda w: (-len(w), w))
        return "(?:" + "|".join(regex.escape(w) for w in ordered) + ")"

    return _WORDS_REF.sub(alternation, source)


def _first_error(schema: dict[str, Any], instance: Any) -> jsonschema.ValidationError | None:
    """The error to show: an unknown key first (a typo explains the rest), else the best."""
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(instance))
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    return unknown[0] if unknown else jsonschema.exceptions.best_match(errors)


def _compile(path: Path, rule_id: str, key: str, source: str, case: bool) -> regex.Pattern[str]:
    flags = regex.V0 | (0 if case else regex.IGNORECASE)
    source = _expand_words(path, rule_id, key, source)
    try:
        return regex.compile(source, flags)
    except regex.error as exc:
        raise RulePackError(path, rule_id, key, f"invalid regex: {exc}") from None


def _not_utf8(exc: UnicodeDecodeError) -> str:
    return f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start}"


def _read_words(
    path: Path, rule_id: str, name: str, key: str = "words", lower: bool = True
) -> frozenset[str]:
    """A word list beside the pack: one entry a line, ``#`` starts a comment line."""
    words_path = path.parent / "words" / name
    try:
        lines = words_path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RulePackError(path, rule_id, key, f"cannot read {words_path}: {exc}") from None
    except UnicodeDecodeError as exc:
        problem = f"{words_path} is not UTF-8 text: {_not_utf8(exc)}"
        raise RulePackError(path, rule_id, key, problem) from None
    words = (w.strip() for w in lines if w.strip() and not w.startswith("#"))
    return frozenset(w.lower() if lower else w for w in words)


def _build_rule(
    path: Path, pack: str, spec: dict[str, Any], languages: tuple[str, ...] = ()
) -> Rule:
    rid = spec["id"]
    case = spec.get("case_sensitive", False)
    patterns = {k: _compile(path, rid, k, spec[k], case) for k in _REGEX_KEYS if k in spec}
    examples = spec["examples"]
    return Rule(
        id=rid,
        category=spec["category"],
        kind=spec["kind"],
        why=spec["why"],
        pack=pack,
        pattern=patterns.get("pattern"),
        start=patterns.get("start"),
        end=patterns.get("end"),
        cont=patterns.get("continue"),
        next=patterns.get("next"),
        continue_kinds=tuple(spec.get("continue_kinds", ())),
        continue_links=spec.get("continue_links", False),
        field=spec.get("field", ""),
        words=_read_words(path, rid, spec["words"]) if "words" in spec else frozenset(),
        min_tokens=spec.get("min_tokens", 1),
        max_words=spec.get("max_words", 0),
        max_blocks=spec.get("max_blocks", 12),
        where=spec.get("where", "any"),
        match_raw=spec.get("match_raw", False),
        languages=tuple(spec.get("languages", languages)),
        remove_examples=tuple(examples["remove"]),
        keep_examples=tuple(examples["keep"]),
    )


_ID_LINE = regex.compile(
    r"^( *)(- +)?id: *[\"']?([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)[\"']? *(?:#.*)?$"
)


def _rule_at(text: str, line: int) -> str:
    """The id of the rule whose entry holds ``line`` (0-based), read from the raw text of a
    pack that YAML cannot parse; "-" when that entry's id cannot be read."""
    lines = text.splitlines()[: line + 1]
    for i in range(len(lines) - 1, -1, -1):
        if match := _ID_LINE.match(lines[i]):
            indent, dash, rule = match.groups()
            item = " " * (len(indent) - (0 if dash else 2)) + "-"  # where entries start
            later = lines[i + 1 :]
            return "-" if any(ln.startswith(item) for ln in later) else rule
    return "-"


def _read_pack(path: Path) -> Any:
    """The YAML of one pack; `RulePackError` when it cannot be read or parsed."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        rule = _rule_at(path.read_text(encoding="utf-8"), mark.line) if mark else "-"
        raise RulePackError(path, rule, where, f"YAML error: {exc}") from None
    except OSError as exc:
        raise RulePackError(path, "-", "-", f"cannot read: {exc}") from None
    except UnicodeDecodeError as exc:
        raise RulePackError(path, "-", "-", f"not UTF-8 text: {_not_utf8(exc)}") from None


def _rule_errors(path: Path, data: dict[str, Any], index: int) -> list[RulePackError]:
    """Every schema error of one rule; only its unknown keys when it has any (a typo
    explains the rest)."""
    instance = data["rules"][index]
    errors = list(jsonschema.Draft202012Validator(_RULE_SCHEMA).iter_errors(instance))
    unknown = [e for e in errors if e.validator == "additionalProperties"]
    found = []
    for error in unknown or errors:
        error.path.extendleft(reversed(["rules", index]))  # anchor it at its place in the pack
        found.append(_schema_error(path, data, error))
    return found


def check_pack(path: str | Path) -> tuple[RuleSet, list[RulePackError]]:
    """Load one YAML pack and find all its errors (not only the first): the rules that
    are sound, and an error for each problem, naming file, rule and key."""
    path = Path(path)
    try:
        data = _read_pack(path)
    except RulePackError as exc:
        return RuleSet(), [exc]
    if not isinstance(data, dict):
        return RuleSet(), [
            RulePackError(path, "-", "-", "a pack is a mapping with 'pack' and 'rules'")
        ]
    error = _first_error(_PACK_SCHEMA, data)
    if error is not None:
        return RuleSet(), [_schema_error(path, data, error)]
    errors: list[RulePackError] = []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    languages = tuple(data.get("languages", ()))
    for index, spec in enumerate(data["rules"]):
        problems = _rule_errors(path, data, index)
        if not problems:
            try:
                rule = _build_rule(path, data["pack"], spec, languages)
                _check_unique(path, (rule,), seen)
                rules.append(rule)
            except RulePackError as exc:
                problems = [exc]
        errors.extend(problems)
    return RuleSet(tuple(rules)), errors


def load_pack(path: str | Path) -> RuleSet:
    """Load and validate one YAML pack; raise `RulePackError` naming file, rule and key."""
    rules, errors = check_pack(path)
    if errors:
        raise errors[0]
    return rules


def _check_unique(path: Path, rules: tuple[Rule, ...], seen: dict[str, str] | None = None) -> None:
    seen = {} if seen is None else seen
    for rule in rules:
        if rule.id in seen:
            raise RulePackError(path, rule.id, "id", f"duplicate id (also in {seen[rule.id]})")
        seen[rule.id] = str(path)


PACK_SUFFIXES = (".yaml", ".yml")


def pack_files(directory: str | Path) -> list[Path]:
    """The packs in a folder: its ``.yaml`` and ``.yml`` files."""
    return sorted(
        p for p in Path(directory).iterdir() if p.suffix.lower() in PACK_SUFFIXES and p.is_file()
    )


def load_packs(*locations: str | Path, shipped: RuleSet | None = None) -> RuleSet:
    """Load packs from files or directories, in order; ids must be unique across all, and
    differ from the ``shipped`` rules they will run beside. A folder without packs is an
    error (a mistyped folder would otherwise change nothing, silently)."""
    rules: list[Rule] = []
    seen = {rule.id: "the shipped packs" for rule in shipped.rules} if shipped else {}
    for location in locations:
        location = Path(location)
        files = pack_files(location) if location.is_dir() else [location]
        if not files:
            raise RulePackError(location, "-", "-", "no *.yaml packs in this folder (nor *.yml)")
        for file in files:
            pack = load_pack(file)
            _check_unique(file, pack.rules, seen)
            rules.extend(pack.rules)
    return RuleSet(tuple(rules))


def validate_packs(
    *locations: str | Path, shipped: RuleSet | None = None
) -> tuple[list[tuple[Path, int]], list[RulePackError]]:
    """Check every pack file (not only up to the first error): the files that load, with
    their number of rules, and the errors. Ids must be unique across the files and differ
    from the ``shipped`` rules they will run beside."""
    loaded: list[tuple[Path, int]] = []
    errors: list[RulePackError] = []
    seen = {rule.id: "the shipped packs" for rule in shipped.rules} if shipped else {}
    for location in map(Path, locations):
        files = pack_files(location) if location.is_dir() else [location]
        if not files:
            errors.append(
                RulePackError(location, "-", "-", "no *.yaml packs in this folder (nor *.yml)")
            )
        for file in files:
            pack, problems = check_pack(file)
            for rule in pack.rules:
                try:
                    _check_unique(file, (rule,), seen)
                except RulePackError as exc:
                    problems.append(exc)
            errors.extend(problems)
            if not problems:
                loaded.append((file, len(pack.rules)))
    return loaded, errors
