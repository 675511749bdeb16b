"""cleaner: turn scraped news text into its article body, with what was removed and why.

>>> from cleaner import clean
>>> clean("Share this article\\n\\nThe council voted on Monday to keep the library open.").body
'The council voted on Monday to keep the library open.'
"""

from cleaner.model import CleanResult, Edit, Removed
from cleaner.pipeline import STAGE_NAMES, Cleaner, Config, clean
from cleaner.ruleset import RulePackError, RuleSet, load_packs

__all__ = [
    "STAGE_NAMES",
    "CleanResult",
    "Cleaner",
    "Config",
    "Edit",
    "Removed",
    "RulePackError",
    "RuleSet",
    "clean",
    "load_packs",
]
__version__ = "0.1.0"
