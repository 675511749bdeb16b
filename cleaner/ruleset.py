"""Rule packs: YAML files of rules, validated when loaded and compiled once.

A pack is ``{pack: NAME, rules: [RULE, ...]}``. Each rule has a stable ``id``, a
``category``, a ``kind`` from `KINDS`, its pattern(s), a one-line ``why`` and ``examples``
(texts it must remove and look-alikes it must keep). Word lists live in ``words/*.txt``
beside the packs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import regex
import yaml

from cleaner.knowledge import pack_dir, read_yaml
from cleaner.rule_kinds import KINDS, Kind

WHERE = ("any", "head", "tail")
GUARDS = ("max_words", "where", "max_blocks", "case_sensitive")  # plus each pattern's anchors
UNBOUNDED = 1 << 30  # max_blocks without its guard
# ISO 639-1 codes; a rule without them is language-neutral.
LANGUAGES = {
    "type": "array",
    "items": {"type": "string", "pattern": "^[a-z]{2}$"},
    "minItems": 1,
    "uniqueItems": True,
}
# Where an example's wording comes from: never a line of a page of a test corpus.
PROVENANCE = {
    "type": "string",
    "pattern": r"^(?:written for the project|public style guide: .{3,}|kind of site: .{3,})$",
}
_EXAMPLE = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "value": {},
                "provenance": PROVENANCE,
            },
            "required": ["text"],
            "additionalProperties": False,
        },
    ]
}
_DOCUMENT = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "body": {"type": "string"},
        "provenance": PROVENANCE,
    },
    "required": ["text"],  # no body: the text passes unchanged
    "additionalProperties": False,
}
# Keys every kind accepts; each kind adds its own (cleaner.rule_kinds).
_COMMON: dict[str, Any] = {
    "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"},
    "category": {"type": "string", "pattern": r"^[a-z][a-z_]*$"},
    "kind": {"type": "string"},  # one of KINDS: checked by _rule_schema
    "why": {"type": "string", "minLength": 10},
    "where": {"enum": list(WHERE)},
    "max_words": {"type": "integer", "minimum": 1},
    "languages": LANGUAGES,
    "examples": {
        "type": "object",
        "properties": {
            "provenance": PROVENANCE,
            "remove": {"type": "array", "items": _EXAMPLE, "minItems": 1},
            "keep": {"type": "array", "items": _EXAMPLE, "minItems": 1},
            # Whole documents with the exact body the rule alone leaves of each.
            "documents": {"type": "array", "items": _DOCUMENT, "minItems": 1},
        },
        "required": ["remove", "keep"],
        "additionalProperties": False,
    },
}


def _base_schema() -> dict[str, Any]:
    """What an entry must be before its kind is known: an id and a known kind."""
    return {
        "type": "object",
        "properties": {"id": _COMMON["id"], "kind": {"enum": list(KINDS)}},
        "required": ["id", "kind"],
    }


def kind_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a rule of one kind: the common keys and the kind's own, no other."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {**_COMMON, **kind.keys},
        "required": ["id", "category", "kind", "why", "examples", *kind.required],
        "additionalProperties": False,
    }
    if kind.one_of:
        schema["anyOf"] = [{"required": [key]} for key in kind.one_of]
    return schema


_PACK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "pack": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "languages": LANGUAGES,  # the default of the pack's rules
        "rules": {"type": "array"},
    },
    "required": ["pack", "rules"],
    "additionalProperties": False,
}
FIELD_OF_KEY = {
    "pattern": "pattern",
    "start": "start",
    "end": "end",
    "continue": "cont",
    "next": "next",
}


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
    case_sensitive: bool = False
    languages: tuple[str, ...] = ()  # ISO 639-1 codes it runs for; empty: every language
    sources: tuple[tuple[str, str], ...] = ()  # (key, regex source with word lists expanded)
    guards: tuple[str, ...] = ()  # the guards the rule's entry carries (`GUARDS`)
    provenance: str = ""
    remove_examples: tuple[Any, ...] = ()
    keep_examples: tuple[Any, ...] = ()
    documents: tuple[dict[str, Any], ...] = ()  # {text, body}: whole documents
    branch_examples: tuple[dict[str, str], ...] = ()  # {key, re, text}: a branch's example
    extra: tuple[tuple[str, Any], ...] = ()  # a kind's own values that no field above holds


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
    return pack_dir()


def _schema_error(path: Path, data: Any, error: jsonschema.ValidationError) -> RulePackError:
    where = list(error.absolute_path)
    rule, kind = "-", None
    if len(where) >= 2 and where[0] == "rules" and isinstance(where[1], int):
        item = data["rules"][where[1]]
        rule = item.get("id", f"#{where[1] + 1}") if isinstance(item, dict) else f"#{where[1] + 1}"
        kind = item.get("kind") if isinstance(item, dict) and len(where) == 2 else None
        where = where[2:]
    key = ".".join(str(p) for p in where) or "-"
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - allowed)
        problem = "unknown key"
        if kind in KINDS:  # a key of the rule itself: say what its kind accepts
            problem = f"unknown key (kind {kind} takes: {', '.join(sorted(allowed))})"
        return RulePackError(path, rule, ".".join([*map(str, where), *extra[:1]]), problem)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return RulePackError(path, rule, missing, "missing")
    if error.validator == "anyOf" and not where:
        keys = " or ".join(k for s in error.validator_value for k in s.get("required", []))
        return RulePackError(path, rule, keys, "missing: one of them is needed")
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


def _source(value: str | list[Any]) -> str:
    """A pattern's regex: the string, or the alternation of a list of branches."""
    if isinstance(value, str):
        return value
    branches = (b if isinstance(b, str) else b["re"] for b in value)
    return "|".join(f"(?:{b})" for b in branches)


def _compile(path: Path, rule_id: str, key: str, source: str, case: bool) -> regex.Pattern[str]:
    try:
        return compile_source(source, case)
    except regex.error as exc:
        raise RulePackError(path, rule_id, key, f"invalid regex: {exc}") from None


def compile_source(source: str, case: bool) -> regex.Pattern[str]:
    """A rule's pattern, its word lists expanded, as the kinds run it."""
    flags = regex.V0 | (0 if case else regex.IGNORECASE)
    if source.startswith(_LOOKAHEAD_ANY) and not _top_level_alternation(source):
        # "(?=.*you)(?=.*cookie).*": tried at every position, each lookahead reads on to
        # the line's end, quadratic in the block's length. Where it matches, it matches at
        # the start of that line too (".*" reads over what lies between), so the leftmost
        # match starts at a line's start: anchoring there finds the same match.
        source = "(?m:^)" + source
    return regex.compile(source, flags)


_LOOKAHEAD_ANY = "(?=.*"


def _top_level_alternation(source: str) -> bool:
    """Whether ``source`` has a ``|`` outside every group (a branch the anchor would not
    cover), read past escapes and character classes.

    >>> _top_level_alternation("(?=.*a|b).*"), _top_level_alternation("(?=.*a).*|b")
    (False, True)
    """
    depth, i = 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 1
        elif ch == "[":  # to its closing "]" (one that opens the class is a literal)
            i += 2 if source.startswith("[^", i) else 1
            i += 1 if source.startswith("]", i) else 0
            while i < len(source) and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False


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


def _branch_examples(
    path: Path, spec: dict[str, Any], keys: tuple[str, ...]
) -> tuple[dict[str, str], ...]:
    """{key, re, text}: the text a branch or phrase alone must match, for each that carries
    its example."""
    lists = [(key, spec[key]) for key in keys if isinstance(spec.get(key), list)]
    lists += [(f"phrases.{name}", items) for name, items in spec.get("phrases", {}).items()]
    return tuple(
        {
            "key": key,
            "re": _expand_words(path, spec["id"], key, branch["re"]),
            "text": branch["remove"],
        }
        for key, items in lists
        for branch in items
        if isinstance(branch, dict)
    )


_PHRASES_REF = regex.compile(r"\{phrases:([a-z][a-z0-9_]*)\}")


def _expand_phrases(path: Path, spec: dict[str, Any], key: str, source: str) -> str:
    """``{phrases:NAME}`` in a pattern stands for the alternation of the rule's phrase list."""
    lists = spec.get("phrases", {})

    def alternation(match: regex.Match[str]) -> str:
        if match.group(1) not in lists:
            raise RulePackError(path, spec["id"], key, f"no phrase list {match.group(1)!r}")
        return f"(?:{_source(lists[match.group(1)])})"

    return _PHRASES_REF.sub(alternation, source)


def _build_rule(
    path: Path, pack: str, spec: dict[str, Any], languages: tuple[str, ...] = ()
) -> Rule:
    rid, kind = spec["id"], KINDS[spec["kind"]]
    case = spec.get("case_sensitive", False)
    sources = tuple(
        (k, _expand_words(path, rid, k, _expand_phrases(path, spec, k, _source(spec[k]))))
        for k in kind.patterns
        if k in spec
    )
    patterns = {FIELD_OF_KEY[k]: _compile(path, rid, k, source, case) for k, source in sources}
    used = "".join(_source(spec[k]) for k in kind.patterns if k in spec)
    for name in spec.get("phrases", {}):
        if f"{{phrases:{name}}}" not in used:
            raise RulePackError(path, rid, f"phrases.{name}", "no pattern uses this list")
    examples = spec["examples"]
    own = kind.compile(spec, lambda name: _read_words(path, rid, name))
    fields = {f.name for f in dataclasses.fields(Rule)}
    return Rule(
        id=rid,
        category=spec["category"],
        kind=spec["kind"],
        why=spec["why"],
        pack=pack,
        **patterns,
        **{key: value for key, value in own.items() if key in fields},
        extra=tuple(sorted((k, v) for k, v in own.items() if k not in fields)),
        max_words=spec.get("max_words", 0),
        where=spec.get("where", "any"),
        match_raw=spec.get("match_raw", False),
        case_sensitive=case,
        languages=tuple(spec.get("languages", languages)),
        sources=sources,
        guards=tuple(g for g in GUARDS if spec.get(g, "any") not in ("any", False)),
        provenance=examples.get("provenance", ""),
        remove_examples=tuple(examples["remove"]),
        keep_examples=tuple(examples["keep"]),
        documents=tuple(examples.get("documents", ())),
        branch_examples=_branch_examples(path, spec, kind.patterns),
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


def _rule_schema(spec: Any) -> dict[str, Any]:
    """The schema to check an entry against: its kind's, once it names a known kind."""
    kind = spec.get("kind") if isinstance(spec, dict) else None
    return kind_schema(KINDS[kind]) if isinstance(kind, str) and kind in KINDS else _base_schema()


def _read_pack(path: Path) -> Any:
    """The YAML of one pack; `RulePackError` when it cannot be read or parsed."""
    try:
        return read_yaml(path.read_text(encoding="utf-8"))
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
    errors = list(jsonschema.Draft202012Validator(_rule_schema(instance)).iter_errors(instance))
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
