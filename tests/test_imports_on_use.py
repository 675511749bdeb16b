"""What a process loads only when it needs it: trafilatura (and jusText, which it imports)
for the trafilatura HTML engine; jusText's stop lists are read from its files."""

import subprocess
import sys

import justext

from cleaner import language

PROBE = """
import sys
from cleaner import Cleaner
from cleaner.cli import main
text = "The council said on Monday that the library will stay open for another year."
Cleaner().clean(text)
Cleaner().clean("<html><body><p>" + text + "</p></body></html>", format="html")
print(sorted(m for m in ("trafilatura", "justext") if m in sys.modules))
result = Cleaner(html_engine="trafilatura").clean("<html><body><article><p>" + text * 3
                                                   + "</p></article></body></html>", format="html")
print(sorted(m for m in ("trafilatura", "justext") if m in sys.modules), bool(result.body))
"""


def test_text_and_the_fast_engine_import_neither_trafilatura_nor_justext():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "['justext', 'trafilatura'] True"]


def test_the_stop_lists_read_from_files_are_justexts():
    assert language.stoplist_names() == justext.get_stoplists()
    for name in sorted(justext.get_stoplists()):
        assert language._stoplist(name) == justext.get_stoplist(name), name
