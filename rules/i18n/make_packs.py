"""Write one rule pack per language, rules/90-i18n-<lang>.yaml, from its vocabulary.

    python rules/i18n/make_packs.py          # rewrite every language's pack
    python rules/i18n/make_packs.py --check  # exit 1 when a pack is not what it would write

A language is a folder of word lists, rules/words/<lang>/<category>.txt (one phrase a line),
and a file of examples, rules/i18n/<lang>.yaml ({TEMPLATE: {remove: [...], keep: [...]}},
and ``prose``: a few ordinary words and sentences of the language, from which the examples
that defend each rule's guards are composed).
The rules' shapes are written once, below (TEMPLATES); each pack holds the templates whose
word list the language has, bound to that list, with the language's own examples, and the
pack's ``languages`` key makes them run only on documents in that language (or whose
language is unsure). Adding a language is adding its word lists and examples.
"""

from __future__ import annotations

import itertools
import re
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

# Guards a template does not carry, because they could change nothing (issue 12):
# - no ``max_words`` where the pattern reads the whole block as one label between
#   punctuation (related_header's start, advertisement, comment_ui, navigation, author_bio):
#   such a block has no more words than the longest phrase of the list (plus a count), and
#   `_check_labels` makes sure every phrase fits the limit the templates had. Caption's
#   ``.{0,90}`` tail bounds its block to about 100 characters: without its max_words (16),
#   only a caption line of more words than that in those characters goes too (a numbered
#   figure's caption, "Abbildung 4: ...", may run to 250 characters after its colon);
# - no ``$`` after ``\S.*`` (related_inline, tags): ``.*`` runs to the end of the line, and
#   a block is one line (only tables and code blocks join theirs).
# The guards they do carry are defended by examples `_guard_examples` composes.
# name -> (words file, category, kind, why, extra keys with "{W}" for the word alternation)
# A headline: at most 12 words, not ending like a sentence or a label (a list item's text).
_HEADLINE = r"^(?:\S+\s+){0,11}\S*[^\s.:;,…]$"
# The same where words are not spaced: at most 30 characters, not ending like a sentence.
_HEADLINE_UNSPACED = r"^[^。！？]{0,29}[^\s.:;,…。！？：；，]$"
# A site's address as a label names it: words joined by dots, ending in a top-level domain.
# (Letters as [^\W\d_]: "{L}" in a template stands for the language.)
_DOMAIN = r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,6}"
# A person's name: one to four capitalised words (case-sensitive inside a rule that is not).
# Words that start a sentence but no name (pronouns, articles) are in <lang>/bio_not_names.
_NAME = r"(?!(?:{words:{L}/bio_not_names})\s)(?:(?-i:\p{Lu})[\w'’.-]*\s+){1,4}"

# An e-mail address, perhaps with "(at)" or "[at]" for its "@" or set as a link.
_ADDRESS = r"[(\[<]?[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)+"

# A news agency's name (words/agencies.txt: names are no language's words).
_AGENCY = r"(?i:{words:agencies})"

TEMPLATES: dict[str, tuple[str, str, str, str, dict[str, Any]]] = {
    "related_topic": (
        "related_topic",
        "related_links",
        "section",
        "'More on' and a topic, alone on a line, heads a list of other stories.",
        {
            "start": rf"^{_BOX}(?:{{W}})\s+[^\s.!?:;,][^.!?:;]{{0,58}}[^\s.!?:;,]$",
            "continue": _HEADLINE,
            "continue_kinds": ["list_item"],
            "continue_links": True,
        },
    ),
    "related_header": (
        "related",
        "related_links",
        "section",
        "A header such as 'Read also' and the links or headlines under it, one a line, point "
        "away from the article.",
        {
            "start": rf"^{_BOX}(?:{{W}}){_CLOSE}{_TRAIL}$",
            "max_blocks": 15,
            "continue": _HEADLINE,
            "continue_kinds": ["list_item"],
            "continue_links": True,
        },
    ),
    "related_inline": (
        "related",
        "related_links",
        "block",
        "A one-line 'Read also: headline' teaser links to another story.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}\s*[:：»›>|►▶→]\s*\S.*", "max_words": 30},
    ),
    "related_site": (
        "related_site",
        "related_links",
        "section",
        "'Also on' and a site's address, alone on a line, heads a list of that site's stories.",
        {
            "start": rf"^{_BOX}(?:{{W}})\s+{_DOMAIN}{_CLOSE}{_TRAIL}$",
            "max_blocks": 15,
            "continue": _HEADLINE,
            "continue_kinds": ["list_item"],
            "continue_links": True,
        },
    ),
    "advertisement": (
        "advertisement",
        "advertisement",
        "block",
        "An advertising label, alone or before a dash and a short pitch, is page furniture.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}(?:{_TRAIL}|\s*[-–—|]\s+.{{1,80}})$"},
    ),
    "comment_ui": (
        "comment_ui",
        "comments",
        "block",
        "The controls and headers of a comment section (reply, log in to comment) are interface.",
        {
            # the count before the label, after it, or after its colon ('Comments: 4')
            "pattern": rf"^{_BOX}(?:\d+\s+)?(?:{{W}}){_CLOSE}\s*(?:[:：]\s*)?"
            rf"(?:\(\d+\)|\d+)?{_TRAIL}$",
        },
    ),
    "caption": (
        "caption",
        "caption",
        "block",
        "A photo credit or a caption label ('Photo: NAME') is not article text.",
        {
            # a label, perhaps numbered, and a credit or a short caption; or a numbered
            # figure's caption of a sentence or two ("Figure 4: ... . The layer ...")
            "pattern": rf"^{_BOX}(?:{{W}})"
            rf"(?:(?:\s*\d{{1,3}})?{_CLOSE}\s*(?:[.:：©/|=]\s*.{{0,90}})?"
            rf"|\s*\d{{1,3}}{_CLOSE}\s*[:：]\s*.{{0,250}})$",
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
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}{_TRAIL}$"},
    ),
    "tags": (
        "tags",
        "tags",
        "block",
        "Tag and topic lines index the page; they are not prose.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}\s*[:：]\s*\S.*", "max_words": 50},
    ),
    "author_bio": (
        "author_bio",
        "author_bio",
        "block",
        "An 'About the author' header or 'More by the author' link introduces no article text.",
        {"pattern": rf"^{_BOX}(?:{{W}}){_CLOSE}{_TRAIL}$"},
    ),
    "about_site": (
        "about_site",
        "author_bio",
        "section",
        "Near the page's end, an 'About us' or 'About this series' header (or 'About' and the "
        "site's address) and the few paragraphs under it describe the publisher, not the story.",
        {
            "start": rf"^{_BOX}(?:(?:{{W}})|(?:{{words:{{L}}/about}})\s+(?:\S+\s+){{0,4}}{_DOMAIN})"
            rf"{_CLOSE}{_TRAIL}$",
            "where": "tail",
            "max_blocks": 3,
            "continue": r"\S",
        },
    ),
    "author_role": (
        "bio_roles",
        "author_bio",
        "block",
        "Near the article's end, a short note naming a person and their job at an outlet "
        "('NAME is a reporter for ...', 'NAME writes for ...') is an author bio.",
        {
            "pattern": rf"^(?:{_NAME})?(?:(?:{{words:{{L}}/bio_copulas}})\s+(?:\S+\s+){{0,4}}?"
            rf"\w*(?:{{W}})(?:\s+\S+){{0,3}}?\s+(?:{{words:{{L}}/bio_links}})"
            rf"|(?:{{words:{{L}}/bio_verbs}}))(?!\w)",
            "where": "tail",
            "max_words": 80,
        },
    ),
    "author_contact": (
        "contact_verbs",
        "author_bio",
        "block",
        "Near the article's end, a short note telling how to reach its writer ('NAME can be "
        "reached at ADDRESS') is about the author, not the story.",
        {"pattern": rf"(?:{{W}})\s*:?\s*{_ADDRESS}", "where": "tail", "max_words": 40},
    ),
    "comment_form": (
        "comment_form",
        "comments",
        "block",
        "The form under a comment section (log in, your address is not published, notify me) "
        "is interface.",
        {"pattern": r"(?:{W})", "max_words": 80},
    ),
    "ad_disclosure": (
        "disclosure",
        "advertisement",
        "block",
        "A note that the page holds advertising or affiliate links is about the page.",
        {"pattern": r"(?:{W})", "max_words": 50},
    ),
    "reading_time": (
        "reading_time",
        "junk",
        "block",
        "A note of how long the article takes to read is about the page, not the story.",
        {"pattern": r"(?:{W})", "max_words": 12},
    ),
    "teaser_more": (
        "more",
        "related_links",
        "block",
        "A summary that ends in a 'more' link after its last sentence teases another page.",
        {"pattern": r"(?<=[.!?…][\"”“»«]?)\s+(?:{W})\s*[»›>→…]*$", "max_words": 80},
    ),
    "follow": (
        "follow",
        "social",
        "block",
        "A short invitation to follow the outlet on social networks is not the article.",
        {"pattern": r"(?:{W})", "max_words": 25},
    ),
    "shop": (
        "shop",
        "shop",
        "block",
        "A web shop's controls and account instructions (add to cart, order as a guest, "
        "download it from your customer account) are interface, not article text.",
        # Written as the shop writes them: the case tells the reader's "Ihr" (your) from a
        # report's "ihr" (their).
        {"pattern": r"(?:{W})", "max_words": 60, "case_sensitive": True},
    ),
    "promo": (
        "promo",
        "promo",
        "block",
        "The outlet asking its readers whether they know another of its offers ('Have you "
        "seen our ...?') promotes the site, it is not the article.",
        {"pattern": r"(?:{W})", "max_words": 50},
    ),
    "agency_credit": (
        "agency_leads",
        "credit",
        "field",
        "A line that only credits news agencies after a lead ('Source: Reuters') names the "
        "story's source.",
        {
            "field": "source",
            # the agencies are everyone's names (words/agencies.txt), joined by a mark or
            # by the language's "and" (words/LANG/conjunctions.txt)
            "pattern": rf"^[(\[]?\s*(?:{{W}})\s*[:：]?\s*(?P<value>{_AGENCY}"
            rf"(?:\s*(?:[,/&-]|(?<!\w)(?:{{words:{{L}}/conjunctions}})(?!\w))\s*{_AGENCY}){{0,8}})"
            r"\s*[)\]]?\s*\.?$",
        },
    ),
    "print_note": (
        "print_notes",
        "credit",
        "block",
        "A line that says where the article appeared in print or first ('This article appeared "
        "on page A7 of ...') is about the paper, not the story.",
        {"pattern": rf"^{_BOX}(?:{{W}})(?!\w)", "max_words": 45},
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


# Languages written without spaces between words: composed examples join their parts bare.
_NO_SPACES = frozenset({"zh", "ja"})
# The word limits the label templates had (less the counts comment_ui allows before and after):
# every phrase of their lists must fit, so that having no max_words changes no result.
_LABEL_WORDS = {
    "related_header": 10,
    "advertisement": 8,
    "comment_ui": 14,
    "navigation": 8,
    "author_bio": 10,
    "about_site": 10,
}
_WORD = re.compile(r"\w+")  # what cleaner counts as a word (cleaner.model.words)


def _phrases(lang: str, words: str) -> list[str]:
    lines = (WORDS / lang / f"{words}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _check_labels(lang: str, name: str, words: str) -> None:
    most = _LABEL_WORDS.get(name, 0)
    for phrase in _phrases(lang, words) if most else ():
        if len(_WORD.findall(phrase)) > most:
            path = WORDS / lang / f"{words}.txt"
            raise SystemExit(f"{path}: {phrase!r} is longer than the {most} words of a label")


# Templates whose pattern starts with a name: the words before their label, to show what
# ``^`` is for, are a whole sentence (a lead of a few capitalised words would be a name).
_SENTENCE_LEAD = frozenset({"author_role"})
# Templates whose start reads a label and then a topic: what follows the label, to show what
# ``$`` is for, is a whole sentence (a few words would be a topic).
_SENTENCE_TAIL = frozenset({"related_topic"})
# Templates that read a label at the end of a block, after a sentence.
_SENTENCE_BEFORE = frozenset({"teaser_more"})
# Templates whose start needs more than the label (a site's address, an agency): what ``$``
# is for is shown after their first remove example, not after the bare label.
_WHOLE_BEFORE_TAIL = frozenset({"related_site", "agency_credit"})


def _guard_examples(
    lang: str, name: str, rule: dict[str, Any], remove: str, label: str, prose: dict[str, Any]
) -> tuple[list[str], list[dict[str, str]]]:
    """Keep examples and documents that defend the rule's guards, made of the language's
    prose: the rule's first remove example after a few words (``^``), the first phrase of
    its list before a few words (``$``), the remove example with sentences after it until
    the block is over ``max_words``, a list that runs one item past ``max_blocks``, the
    remove example at the top of a page of prose (``where: tail``), and after a section's
    start, a line of many words (``continue``'s ``^``) or a sentence (its ``$``)."""
    sep = "" if lang in _NO_SPACES else " "
    keep, documents = [], []
    lead = prose["sentences"][0] if name in _SENTENCE_LEAD else prose["lead"]
    for key in ("start", "pattern"):
        source = rule.get(key, "")
        if source.startswith("^"):
            keep.append(lead + sep + remove)
        if source.removesuffix(r"(?!\w)").endswith("$"):
            tail = prose["sentences"][0] if name in _SENTENCE_TAIL else prose["tail"]
            head = prose["sentences"][0] + sep if name in _SENTENCE_BEFORE else ""
            before = head + (remove if name in _WHOLE_BEFORE_TAIL else label)
            keep.append(before + sep + tail)
    sentences, head = prose["sentences"], remove.split("\n\n")[0]
    if rule.get("where") == "tail":
        page = [remove, *itertools.islice(itertools.cycle(sentences), 6)]
        documents.append({"text": "\n\n".join(page) + "\n", "body": "\n\n".join(page)})
    if rule.get("continue", "").startswith("^"):
        long = sep.join(s.rstrip(".。") for s in sentences * 2)
        documents.append({"text": f"{head}\n\n{long}\n", "body": long})
    if rule.get("continue", "").endswith("$"):
        documents.append({"text": f"{head}\n\n{sentences[0]}\n", "body": sentences[0]})
    if "max_words" in rule:
        long, sentences = remove, itertools.cycle(prose["sentences"])
        while len(_WORD.findall(long)) <= rule["max_words"]:
            # Before the label when the pattern reads the block's end, else after it.
            more = next(sentences)
            long = more + sep + long if name in _SENTENCE_BEFORE else long + sep + more
        keep.append(long)
    if "max_blocks" in rule:
        last = rule["max_blocks"] + 1
        items = "\n".join(f"- {prose['item']} {n}" for n in range(1, last + 1))
        documents.append({"text": f"{remove}\n\n{items}\n", "body": f"{prose['item']} {last}"})
    return keep, documents


def _rule(lang: str, name: str, examples: dict[str, Any]) -> dict[str, Any]:
    words, category, kind, why, extra = TEMPLATES[name]
    _check_labels(lang, name, words)
    if "pattern" in extra and not extra["pattern"].startswith("^") and lang not in _UNBOUNDED:
        extra = {**extra, "pattern": r"(?<!\w)" + extra["pattern"] + r"(?!\w)"}
    if "continue" in extra and lang in _NO_SPACES:
        extra = {**extra, "continue": _HEADLINE_UNSPACED}
    rule: dict[str, Any] = {"id": f"i18n_{lang}.{name}", "category": category, "kind": kind}
    rule["why"] = why
    for key, value in extra.items():
        if isinstance(value, str):
            value = value.replace("{W}", f"{{words:{lang}/{words}}}").replace("{L}", lang)
        rule[key] = value
    own = examples[name]
    first = own["remove"][0]  # a field rule's example is its text and the value it finds
    keep, documents = _guard_examples(
        lang,
        name,
        rule,
        first["text"] if isinstance(first, dict) else first,
        _phrases(lang, words)[0],
        examples["prose"],
    )
    rule["examples"] = {
        "provenance": "written for the project",
        "remove": own["remove"],
        "keep": own["keep"] + [k for k in keep if k not in own["keep"]],
    }
    if documents:
        rule["examples"]["documents"] = documents
    return rule


class _Dumper(yaml.SafeDumper):
    """Writes a text of several lines (a whole-document example) as a literal block."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _text)


def pack(lang: str) -> str:
    """The pack text of one language."""
    examples = yaml.safe_load((EXAMPLES / f"{lang}.yaml").read_text(encoding="utf-8"))
    rules = []
    for name, (words, *_) in TEMPLATES.items():
        if not (WORDS / lang / f"{words}.txt").exists():
            continue
        if name not in examples:
            raise SystemExit(f"{EXAMPLES / f'{lang}.yaml'}: no examples for {name}")
        rules.append(_rule(lang, name, examples))
    data = {
        "pack": f"i18n_{lang}",
        "description": f"Page furniture in the language '{lang}', from rules/words/{lang}/.",
        "languages": [lang],
        "rules": rules,
    }
    head = "# Written by rules/i18n/make_packs.py: edit the word lists and examples, not this.\n"
    return head + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


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
