"""py3langid's tables unpacked once into a cache folder and memory-mapped (langid_tables)."""

import shutil
from array import array
from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from cleaner import langid_tables
from cleaner.langid_tables import INT_TABLES, in_memory, load, model_file, release

# Texts of many scripts and shapes, so that the DFA walks many of its rows.
TEXTS = [
    "Der Gemeinderat hat am Montag beschlossen, die Bibliothek ein weiteres Jahr zu öffnen.",
    "Le conseil a voté lundi pour garder la bibliothèque ouverte une année de plus.",
    "El consejo votó el lunes para mantener abierta la biblioteca un año más.",
    "Il consiglio ha votato lunedì per tenere aperta la biblioteca per un altro anno.",
    "Rada miasta zagłosowała w poniedziałek za utrzymaniem biblioteki przez kolejny rok.",
    "Совет в понедельник проголосовал за то, чтобы библиотека работала ещё год.",
    "Рада в понеділок проголосувала за те, щоб бібліотека працювала ще рік.",
    "Το συμβούλιο ψήφισε τη Δευτέρα να μείνει ανοιχτή η βιβλιοθήκη για έναν ακόμη χρόνο.",
    "議会は月曜日、図書館をもう一年開けておくことを決めた。",
    "市议会星期一投票决定让图书馆再开放一年。",
    "시의회는 월요일 도서관을 1년 더 열기로 결정했다.",
    "قرر المجلس يوم الاثنين إبقاء المكتبة مفتوحة لعام آخر.",
    "परिषद ने सोमवार को पुस्तकालय को एक और साल खुला रखने का फैसला किया।",
    "THE COUNCIL VOTED ON MONDAY TO KEEP THE LIBRARY OPEN",
    "Kurz gesagt: the council met, mais rien n'a changé. 市长表示。 🙂 12:30",
    "",
    "1234 5678 — ### ***",
]


@pytest.fixture(scope="module")
def library() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """A cache folder the model was unpacked into (once: it takes a second or more)."""
    folder = tmp_path_factory.mktemp("cache")
    load([folder])
    return folder


@pytest.fixture
def cache(unpacked, tmp_path) -> Path:
    """A copy of ``unpacked`` that a test may change."""
    shutil.copytree(unpacked, tmp_path / "cache")
    return tmp_path / "cache"


def test_the_mapped_tables_identify_as_the_library_does(unpacked, library):
    mapped = load([unpacked])
    assert isinstance(mapped._rowbase, memoryview)  # mapped, not the in-memory fallback
    for text in TEXTS + [t[: len(t) // 2] for t in TEXTS]:
        assert mapped.classify(text) == library.classify(text)
        assert mapped.rank(text) == library.rank(text)


def test_the_tables_are_written_once_and_reused(cache, monkeypatch):
    (folder,) = cache.glob("py3langid-*")
    files = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert {"nb_ptc.npy", "tk_nextmove.npy", "classes.json"} <= set(files)

    def unpack_again(*args):
        raise AssertionError("unpacked again")

    monkeypatch.setattr(langid_tables, "_write", unpack_again)
    again = load([cache])
    assert isinstance(again._rowbase, memoryview)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == files
    assert [p.name for p in cache.iterdir()] == [folder.name]  # no scratch folder left


def test_a_folder_that_cannot_be_written_falls_back_to_the_next_then_to_memory(tmp_path, library):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    writable = tmp_path / "cache"
    assert isinstance(load([blocked, writable])._rowbase, memoryview)
    assert list(writable.glob("py3langid-*"))

    fallback = load([blocked])
    assert isinstance(fallback._rowbase, array)
    assert fallback.classify(TEXTS[0]) == library.classify(TEXTS[0])


def test_a_folder_whose_tables_do_not_fit_is_not_used(cache, library):
    (folder,) = cache.glob("py3langid-*")
    (folder / "classes.json").write_text('["en", "de"]', encoding="utf-8")
    identifier = load([cache])
    assert isinstance(identifier._rowbase, array)  # the model loaded into memory instead
    assert identifier.classify(TEXTS[1]) == library.classify(TEXTS[1])


def test_a_lost_race_keeps_the_winners_folder(tmp_path, library, monkeypatch):
    monkeypatch.setattr(langid_tables, "in_memory", lambda model: library)  # not unpacked again
    target = tmp_path / "py3langid-test"
    langid_tables._write(target, model_file())
    langid_tables._write(target, model_file())  # another process got there first
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert (target / "nb_ptc.npy").stat().st_size > 0


def test_released_pages_are_read_again(unpacked, library):
    mapped = load([unpacked])
    before = [mapped.classify(t) for t in TEXTS]
    release()
    assert [mapped.classify(t) for t in TEXTS] == before == [library.classify(t) for t in TEXTS]


def test_the_in_memory_tables_are_arrays_of_the_librarys_numbers(library):
    # Held as arrays so that forked workers share them: reading a list's int writes it.
    ours = in_memory(Path(model_file()))
    for name in INT_TABLES:
        assert isinstance(getattr(ours, name), array)
        assert list(getattr(ours, name)) == list(getattr(library, name))
    assert [ours.classify(t) for t in TEXTS] == [library.classify(t) for t in TEXTS]
