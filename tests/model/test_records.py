"""Records made by @record are frozen, slotted dataclasses with a shared base."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field

import pytest

import mcugraph.model
from mcugraph.errors import Mark
from mcugraph.model import (
    Character,
    Event,
    Location,
    NamedEntity,
    Organization,
    PartialDate,
    Person,
    Record,
    Relationship,
    Work,
    fields,
    record,
    replace,
)

HERE = Mark("a.yaml", 3, 5)
THERE = Mark("b.yaml", 9, 1)


def test_every_record_is_a_frozen_slotted_dataclass_with_the_shared_base() -> None:
    classes = [getattr(mcugraph.model, name) for name in mcugraph.model.__all__]
    records = [c for c in classes if isinstance(c, type) and issubclass(c, Record)]
    assert len(records) >= 20
    for cls in records:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls.__qualname__  # type: ignore[attr-defined]
        assert "__slots__" in cls.__dict__, cls.__qualname__


def test_named_entities_share_their_common_fields() -> None:
    common = ("id", "name", "aliases", "wikidata", "sources", "note", "former_ids", "mark")
    for cls in (Person, Character, Event, Organization, Location):
        assert issubclass(cls, NamedEntity)
        assert set(common) <= set(fields(cls)), cls.__name__
    # each kind's own fields follow the aliases when given by position
    assert Event("e", "E", ("Eve",), "battle").kind == "battle"


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


@record
class OneField(Record):
    name: str


def test_every_field_survives_pickle_and_the_clone_is_frozen() -> None:
    # a universe read with a helper process is pickled record by record (Record.__reduce__)
    person = Person("karen-page", "Karen Page", aliases=("Karen",), mark=HERE)  # fields of NamedEntity too
    rel = Relationship("enemy", "matt-murdock", "wilson-fisk", since=PartialDate(2015), mark=THERE)
    for value in (person, rel, OneField("x"), Location("hells-kitchen", "Hell's Kitchen", mark=HERE)):
        for clone in (pickle.loads(pickle.dumps(value, protocol=p)) for p in range(2, pickle.HIGHEST_PROTOCOL + 1)):
            assert type(clone) is type(value) and dataclasses.astuple(clone) == dataclasses.astuple(value)
            assert getattr(clone, "mark", None) == getattr(value, "mark", None)  # compare=False: == ignores it
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(clone, fields(clone)[0], "other")
    assert pickle.loads(pickle.dumps([person, person])) == [person, person]  # memo: one object twice


def test_a_record_declared_elsewhere_works_the_same() -> None:
    @record(order=True)
    class Sketch(Record):
        name: str
        rank: int = 0
        mark: Mark = field(default=HERE, compare=False)

    assert Sketch("a") == Sketch("a", 0, THERE) and Sketch("a") < Sketch("b")
    assert repr(Sketch("a", 2)) == f"{Sketch.__qualname__}(name='a', rank=2, mark={HERE!r})"

    @record
    class Plain:  # no base given: it gets the shared one
        name: str

    assert issubclass(Plain, Record) and Plain("x").__replace__(name="y") == Plain("y")


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
