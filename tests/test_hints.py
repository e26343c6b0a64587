"""The one "did you mean": near names, and the hint in the forms the messages use."""

from __future__ import annotations

from mcugraph.hints import close_matches, suggest
from mcugraph.validate.convert import suggest as reexported


def test_one_two_and_no_candidates() -> None:
    assert suggest("flim", ["film", "series"]) == "; did you mean 'film'?"
    assert suggest("stated-gaps", ["stated-gap", "stated-age"]) == "; did you mean 'stated-gap' or 'stated-age'?"
    assert suggest("zzzz", ["film", "series"]) == ""


def test_quote_last_and_cutoff_shape_the_hint() -> None:
    names = ["Dr. Villain", "Dr. Villains", "Dr. Villainy"]
    assert suggest("Dr Villain", names, quote=repr, last=", ").count(", ") == 2
    assert suggest("Foggys", ["Foggy's"], quote=repr) == """; did you mean "Foggy's"?"""
    assert suggest("cast-of-wrok", ["cast-of-work"], quote=str) == "; did you mean cast-of-work?"
    assert suggest("abc", ["axy"], cutoff=0.3) and not suggest("abc", ["axy"])


def test_shown_replaces_each_match_and_a_dict_gives_its_keys() -> None:
    pool = {"elodie yung": "Élodie Yung", "work:daredevil": "work:daredevil"}
    assert close_matches("elodie yng", pool, shown=pool) == ["Élodie Yung"]
    assert close_matches("elodie yng", pool) == ["elodie yung"]
    assert close_matches("x", pool, shown=pool) == []
    records = {"mask": object()}  # a table of records: its ids are the candidates
    assert suggest("mak", records) == "; did you mean 'mask'?"


def test_the_validator_s_name_is_the_same_function() -> None:
    assert reexported is suggest
