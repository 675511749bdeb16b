"""Write one rule pack per language, rules/90-i18n-<lang>.yaml, from its vocabulary.

    python rules/i18n/make_packs.py          # rewrite every language's pack
    python rules/i18n/make_packs.py --check  # exit 1 when a pack is not what it would write

A language is a folder of word lists, rules/words/<lang>/<category>.txt (one phrase a line),
and a file of examples, rules/i18n/<lang>.yaml ({TEMPLATE: {remove: [...], keep: [...]}}).
The rules' shapes are written once, below (TEMPLATES); each pack holds the templates whose
word list the language has, bound to that list, with the language's own examples, and the
pack's ``languages`` key makes them run only on documents in that language (or whose
language is unsure). Adding a language is adding its word lists and examples.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

RULES = Path(__file__).resolve().parent.parent
EXAMPLES = RULES / "i18n"
WORDS = RULES / "words"

# Punctuation a label may carry around it: colons (and the full-width one), ellipses,
# arrows and the brackets or asterisks of Markdown emphasis.
_TRAIL = r"\s*[:：.!?…»›>→|]*\s*"
_BOX = r"[\[(*_#»›►▶•\s]*"
_CLOSE = r"[\])*_\s]*"

# name -> (words file, category, kind, why, extra keys with "{W}" for the word alternation)
TEMPLATES: dict[str, tuple[str, str, str, str, dict[str, Any]]] = {
    "related_header": (
        "related",
        "related_links",
        "section",
        "A header such as 'Read also' and the link list under it point away from the article.",
        {
            "start": rf"^{_BOX}(?:{{W}}){_CLOSE}{_TRAIL}$",
            "max_words": 10,
            "max_blocks": 15,
            "continue_kinds": ["list_item"],
            "continue_links": True,
        },
    ),
    "related_inline": (
        "related",
        "related_links",
        "block",
        "A one-line 'Read also: headline' teaser links to another story.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}\s*[:：»›>|►▶→]\s*\S.*$", "max_words": 30},
    ),
    "advertisement": (
        "advertisement",
        "advertisement",
        "block",
        "An advertising label standing alone is page furniture.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}{_TRAIL}$", "max_words": 8},
    ),
    "comment_ui": (
        "comment_ui",
        "comments",
        "block",
        "The controls and headers of a comment section (reply, log in to comment) are interface.",
        {
            "pattern": rf"^{_BOX}(?:\d+\s+)?(?:{{W}}){_CLOSE}\s*(?:\(\d+\)|\d+)?{_TRAIL}$",
            "max_words": 16,
        },
    ),
    "caption": (
        "caption",
        "caption",
        "block",
        "A photo credit or a caption label ('Photo: NAME') is not article text.",
        {
            "pattern": rf"^{_BOX}(?:{{W}})(?:\s*\d{{1,3}})?{_CLOSE}\s*(?:[.:：©/|=]\s*.{{0,90}})?$",
            "max_words": 16,
        },
    ),
    "share": (
        "share",
        "share_widget",
        "vocabulary",
        "A row made only of share, print and mail words is a widget.",
        {"words": "{L}/share.txt", "min_tokens": 1},
    ),
    "newsletter": (
        "newsletter",
        "newsletter",
        "block",
        "A short prompt to sign up for a newsletter sells the site, it is not the article.",
        {"pattern": r"(?:{W})", "max_words": 35},
    ),
    "donation": (
        "donation",
        "donation_appeal",
        "block",
        "A short appeal to support or donate to the outlet is not the article.",
        {"pattern": r"(?:{W})", "max_words": 50},
    ),
    "paywall": (
        "paywall",
        "paywall",
        "block",
        "Subscription offers and paywall prompts sell the site, they are not the article.",
        {"pattern": r"(?:{W})", "max_words": 40},
    ),
    "consent": (
        "consent",
        "consent",
        "block",
        "Cookie and privacy notices address the reader about the site, not the story.",
        {"pattern": r"(?:{W})", "max_words": 80},
    ),
    "navigation": (
        "navigation",
        "navigation",
        "block",
        "Links such as 'Read more', 'Back to top' or 'Next article' steer the reader.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}{_TRAIL}$", "max_words": 8},
    ),
    "tags": (
        "tags",
        "tags",
        "block",
        "Tag and topic lines index the page; they are not prose.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}\s*[:：]\s*\S.*$", "max_words": 50},
    ),
    "author_bio": (
        "author_bio",
        "author_bio",
        "block",
        "An 'About the author' header or 'More by the author' link introduces no article text.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}{_TRAIL}$", "max_words": 10},
    ),
    "copyright": (
        "copyright",
        "copyright",
        "block",
        "A rights-reserved line belongs to the page, not the story.",
        {"pattern": r"(?:{W})", "max_words": 25},
    ),
}


# Phrases searched inside a block must stand as whole words, except in the languages that
# write words together (or glue particles to them), where no boundary can be seen.
_UNBOUNDED = frozenset({"zh", "ja", "ko"})


def _rule(lang: str, name: str, examples: dict[str, list[str]]) -> dict[str, Any]:
    words, category, kind, why, extra = TEMPLATES[name]
    if "pattern" in extra and not extra["pattern"].startswith("^") and lang not in _UNBOUNDED:
        extra = {**extra, "pattern": r"(?<!\w)" + extra["pattern"] + r"(?!\w)"}
    rule: dict[str, Any] = {"id": f"i18n_{lang}.{name}", "category": category, "kind": kind}
    rule["why"] = why
    for key, value in extra.items():
        if isinstance(value, str):
            value = value.replace("{W}", f"{{words:{lang}/{words}}}").replace("{L}", lang)
        rule[key] = value
    rule["examples"] = {"remove": examples["remove"], "keep": examples["keep"]}
    return rule


def pack(lang: str) -> str:
    """The pack text of one language."""
    examples = yaml.safe_load((EXAMPLES / f"{lang}.yaml").read_text(encoding="utf-8"))
    rules = []
    for name, (words, *_) in TEMPLATES.items():
        if not (WORDS / lang / f"{words}.txt").exists():
            continue
        if name not in examples:
            raise SystemExit(f"{EXAMPLES / f'{lang}.yaml'}: no examples for {name}")
        rules.append(_rule(lang, name, examples[name]))
    data = {
        "pack": f"i18n_{lang}",
        "description": f"Page furniture in the language '{lang}', from rules/words/{lang}/.",
        "languages": [lang],
        "rules": rules,
    }
    head = "# Written by rules/i18n/make_packs.py: edit the word lists and examples, not this.\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def main(argv: list[str]) -> int:
    stale = []
    for source in sorted(EXAMPLES.glob("*.yaml")):
        lang = source.stem
        target = RULES / f"90-i18n-{lang}.yaml"
        text = pack(lang)
        if "--check" in argv:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target)
        else:
            target.write_text(text, encoding="utf-8")
    for target in stale:
        print(f"{target}: not what rules/i18n/make_packs.py writes: run it", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
