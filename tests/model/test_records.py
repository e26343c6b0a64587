"""Records made by @record behave as frozen, slotted dataclasses did, and load precompiled."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from dataclasses import field
from pathlib import Path

import pytest

import mcugraph.model
from mcugraph.errors import Mark
from mcugraph.model import Character, Event, PartialDate, Relationship, Work, fields, replace
from mcugraph.model._record import REGISTRY, Record, record

HERE = Mark("a.yaml", 3, 5)
THERE = Mark("b.yaml", 9, 1)


def test_compiled_module_is_in_sync_with_the_records() -> None:
    shipped = Path(mcugraph.model.__file__).with_name("_compiled.py").read_text(encoding="utf-8")
    fresh = subprocess.run([sys.executable, "-m", "mcugraph.model"], capture_output=True, text=True, check=True).stdout
    assert fresh == shipped, "run `make records` to regenerate src/mcugraph/model/_compiled.py"


def test_every_record_uses_the_precompiled_methods() -> None:
    assert len(REGISTRY) >= 20
    for cls in REGISTRY:
        if cls.__module__.startswith("mcugraph."):
            assert cls.__init__.__code__.co_filename.endswith("_compiled.py"), cls.__qualname__


def test_construction_by_position_and_keyword_with_defaults() -> None:
    work = Work("daredevil", "series", title="Daredevil")
    assert (work.id, work.kind, work.title, work.aliases, work.released) == (
        "daredevil",
        "series",
        "Daredevil",
        (),
        None,
    )
    assert Work(id="daredevil", kind="series", title="Daredevil") == work
    with pytest.raises(TypeError):
        Work("daredevil")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Work("daredevil", "series", colour="red")  # type: ignore[call-arg]


def test_equality_and_hash_ignore_positions() -> None:
    a = Character("matt-murdock", "Matt Murdock", mark=HERE)
    b = Character("matt-murdock", "Matt Murdock", mark=THERE)
    assert a == b and hash(a) == hash(b)
    assert a != Character("matt-murdock", "Daredevil", mark=HERE)
    assert len({a, b}) == 1
    assert a != ("matt-murdock", "Matt Murdock")  # not a tuple, not another kind


def test_records_are_frozen_and_slotted() -> None:
    work = Work("daredevil", "series")
    with pytest.raises(dataclasses.FrozenInstanceError):
        work.title = "Daredevil"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del work.title  # type: ignore[misc]
    assert not hasattr(work, "__dict__")


def test_replace_and_fields() -> None:
    rel = Relationship("enemy", "matt-murdock", "wilson-fisk", mark=HERE)
    later = replace(rel, since=PartialDate(2015))
    assert later.since == PartialDate(2015) and later.mark == HERE and rel.since is None
    with pytest.raises(TypeError, match="no field 'colour'"):
        replace(rel, colour="red")
    assert fields(Relationship)[:3] == ("type", "source", "target") and fields(rel) == fields(Relationship)
    assert rel.__replace__(until=PartialDate(2018)).until == PartialDate(2018)


def test_partial_dates_are_ordered() -> None:
    # field by field, as a dataclass with order=True compares
    assert PartialDate(2012, 5) < PartialDate(2012, 6) <= PartialDate(2012, 6) < PartialDate(2013, 1)
    assert PartialDate(2016) > PartialDate(2012) >= PartialDate(2012)
    assert sorted([PartialDate(2016), PartialDate(2012)]) == [PartialDate(2012), PartialDate(2016)]
    assert PartialDate(2012).__lt__(Work("x", "film")) is NotImplemented


def test_repr_pickle_and_copy() -> None:
    event = Event("the-incident", "Battle of New York", aliases=("The Incident",), when=PartialDate(2012), mark=HERE)
    assert repr(event).startswith("Event(id='the-incident', name='Battle of New York', aliases=('The Incident',),")
    for clone in (pickle.loads(pickle.dumps(event)), copy.copy(event), copy.deepcopy(event)):
        assert clone == event and clone.mark == HERE and clone is not event


def test_a_record_not_in_the_compiled_module_still_works() -> None:
    @record(order=True)
    class Sketch(Record):
        name: str
        rank: int = 0
        mark: Mark = field(default=HERE, compare=False)

    assert Sketch.__init__.__code__.co_filename != "_compiled.py"
    assert Sketch("a") == Sketch("a", 0, THERE) and Sketch("a") < Sketch("b")
    assert repr(Sketch("a", 2)) == f"{Sketch.__qualname__}(name='a', rank=2, mark={HERE!r})"
    REGISTRY.remove(Sketch)  # keep the registry to the package's own records


def test_record_declarations_are_checked() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        @record
        class Bad:
            name: str = ""
            rank: int

    with pytest.raises(TypeError, match="default_factory"):

        @record
        class AlsoBad:
            items: list[str] = field(default_factory=list)
