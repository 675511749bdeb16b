"""Captions and credits beside the article, found by their shape.

A caption is a short block at the article's head or between its paragraphs that describes
a picture and ends with its credit: a parenthesised name or agency with a slash or a
capitalised source ("(Ann Lee / Agency)", "(AP Photo/Ann Lee)"), a credit line alone
("Ann Lee/Agency", "© Agency"), or a line that names itself a picture ("... file photo",
"Photo: ...", "Submitted photo"). Reporting credits ("Ann Lee contributed reporting",
"(Reporting by ...; Editing by ...)") go the same way: they are about the article, not in
it.
"""

from __future__ import annotations

import regex

from cleaner.model import BOILERPLATE, Block, Document

# A credit in parentheses or brackets at the end: a slash between names ("AP Photo/Ann Lee",
# "Ann Lee / Agency") or capitalised words then a comma and a source ("ANN LEE, Sun Media").
_END_CREDIT = regex.compile(
    r"[(\[](?:[^()\[\]]{0,40}/[^()\[\]]{1,60}"
    r"|\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,4},\s*\p{Lu}[^()\[\]]{1,40})[)\]]\s*\.?$"
)
# A line that is only a credit: "Ann Lee/Agency", "© 2020 Agency", "Credit: ...".
_CREDIT_LINE = regex.compile(
    r"^(?:©|\(c\)|copyright\b)|^\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3}\s*/\s*\p{Lu}"
    r"[\p{L}.'’ -]{1,40}$",
    regex.IGNORECASE,
)
# The picture words of captions and credits, in the languages most news comes in.
_PICTURE = regex.compile(
    r"\b(?:photo|photograph|picture|image|file|submitted|credit|courtesy|foto|bild|imagen|"
    r"fotografia|crédit|credito|crédito|getty|reuters|afp|epa|ap)\b",
    regex.IGNORECASE,
)
# "in this June 3, 2007, file photo", "Photo: ...", "Submitted photo".
_NAMES_PICTURE = regex.compile(
    r"\b(?:file|submitted|handout|staff)\s+(?:photo|picture|image)\b|^(?:photo|image|picture|"
    r"foto|bild)\s*(?:by|:|/)|\b(?:photo|image|picture)\s+(?:by|courtesy|credit)\b",
    regex.IGNORECASE,
)
# Reporting credits: "(Reporting by A; Editing by B)", "Ann Lee contributed reporting".
_REPORTING = regex.compile(
    r"^\(?(?:additional\s+)?(?:reporting|writing|editing)\s+by\b.{0,200}\)?$"
    r"|^.{0,120}\bcontributed\s+(?:to\s+)?(?:this\s+)?report(?:ing)?(?:\s+from\s+.{0,60})?\.?$",
    regex.IGNORECASE,
)
CAPTION_WORDS = 70  # a caption is shorter than most paragraphs
CREDIT_WORDS = 8  # a credit line alone is a few names


def is_caption(block: Block) -> bool:
    """A picture's caption or credit, or a reporting credit, by its shape."""
    text = block.text.strip()
    words = len(block.words)
    if not text or words > CAPTION_WORDS or block.kind == "heading" or "](" in text:
        return False
    if _REPORTING.match(text):
        return True
    if _END_CREDIT.search(text) and _credit_names_picture(text):
        return True
    if words <= CREDIT_WORDS and _CREDIT_LINE.search(text):
        return True
    return bool(_NAMES_PICTURE.search(text))


def _credit_names_picture(text: str) -> bool:
    """The parenthesised credit names a photographer or agency: a slash between names, a
    picture word, or a name in capitals."""
    credit = text[text.rfind("(") :] if "(" in text else text[text.rfind("[") :]
    return "/" in credit or bool(_PICTURE.search(credit)) or _capitals_name(credit)


def _capitals_name(credit: str) -> bool:
    letters = [c for c in credit if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.5 * len(letters)


def mark_captions(doc: Document, stage: str) -> None:
    """Captions and credits among the open blocks, at the head or between paragraphs."""
    for block in doc.blocks:
        if block.is_open and is_caption(block):
            block.mark(BOILERPLATE, "caption", "region:caption", stage)
