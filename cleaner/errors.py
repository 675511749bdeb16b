"""The one exception type for input that cannot be cleaned.

`clean` returns a result for any text, however broken or empty (possibly with an empty
body); it raises `InputError` only for a document that is not text at all (`DecodeError`)
or that ran past its time limit (`DocumentTimeout`). A batch catches `InputError`, reports
the document and goes on; any other exception is a bug.
"""

from __future__ import annotations


class InputError(ValueError):
    """A document (file or record) that cannot be read, decoded or cleaned: bad input, not a
    bug. The message says what is wrong; the caller names the file."""
