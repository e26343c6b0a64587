"""Compiled methods of the record classes. Generated: do not edit.

Regenerate with ``make records`` (``python -m mcugraph.model``) after changing
the fields of a record; see :mod:`mcugraph.model._record`.
"""

# ruff: noqa: E501

_set = object.__setattr__
SHAPES = {}


def _PartialDate():
    def __init__(self, year, month, day):
        _set(self, 'year', year)
        _set(self, 'month', month)
        _set(self, 'day', day)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) == (other.year, other.month, other.day)
        return NotImplemented
    def __lt__(self, other):
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) < (other.year, other.month, other.day)
        return NotImplemented
    def __le__(self, other):
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) <= (other.year, other.month, other.day)
        return NotImplemented
    def __gt__(self, other):
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) > (other.year, other.month, other.day)
        return NotImplemented
    def __ge__(self, other):
        if other.__class__ is self.__class__:
            return (self.year, self.month, self.day) >= (other.year, other.month, other.day)
        return NotImplemented
    def __hash__(self):
        return hash((self.year, self.month, self.day))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__, '__lt__': __lt__, '__le__': __le__, '__gt__': __gt__, '__ge__': __ge__}


SHAPES['mcugraph.model.time.PartialDate'] = ((('year', 'month', 'day'), ('year', 'month', 'day'), True), _PartialDate())


def _Gap():
    def __init__(self, amount, unit):
        _set(self, 'amount', amount)
        _set(self, 'unit', unit)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.amount, self.unit) == (other.amount, other.unit)
        return NotImplemented
    def __hash__(self):
        return hash((self.amount, self.unit))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.time.Gap'] = ((('amount', 'unit'), ('amount', 'unit'), False), _Gap())


def _Interval():
    def __init__(self, start, end):
        _set(self, 'start', start)
        _set(self, 'end', end)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.start, self.end) == (other.start, other.end)
        return NotImplemented
    def __hash__(self):
        return hash((self.start, self.end))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.time.Interval'] = ((('start', 'end'), ('start', 'end'), False), _Interval())


def _Relative():
    def __init__(self, relation, target, gap, kind):
        _set(self, 'relation', relation)
        _set(self, 'target', target)
        _set(self, 'gap', gap)
        _set(self, 'kind', kind)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.relation, self.target, self.gap, self.kind) == (other.relation, other.target, other.gap, other.kind)
        return NotImplemented
    def __hash__(self):
        return hash((self.relation, self.target, self.gap, self.kind))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.time.Relative'] = ((('relation', 'target', 'gap', 'kind'), ('relation', 'target', 'gap', 'kind'), False), _Relative())


def _Combined():
    def __init__(self, parts, basis, sources, note):
        _set(self, 'parts', parts)
        _set(self, 'basis', basis)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.parts, self.basis, self.sources, self.note) == (other.parts, other.basis, other.sources, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.parts, self.basis, self.sources, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.time.Combined'] = ((('parts', 'basis', 'sources', 'note'), ('parts', 'basis', 'sources', 'note'), False), _Combined())


def _RelationshipType():
    def __init__(self, name, symmetric, category, label, inverse_label, to_organization, excludes):
        _set(self, 'name', name)
        _set(self, 'symmetric', symmetric)
        _set(self, 'category', category)
        _set(self, 'label', label)
        _set(self, 'inverse_label', inverse_label)
        _set(self, 'to_organization', to_organization)
        _set(self, 'excludes', excludes)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.name, self.symmetric, self.category, self.label, self.inverse_label, self.to_organization, self.excludes) == (other.name, other.symmetric, other.category, other.label, other.inverse_label, other.to_organization, other.excludes)
        return NotImplemented
    def __hash__(self):
        return hash((self.name, self.symmetric, self.category, self.label, self.inverse_label, self.to_organization, self.excludes))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.RelationshipType'] = ((('name', 'symmetric', 'category', 'label', 'inverse_label', 'to_organization', 'excludes'), ('name', 'symmetric', 'category', 'label', 'inverse_label', 'to_organization', 'excludes'), False), _RelationshipType())


def _UniverseInfo():
    def __init__(self, id, name, base_iri, license, version, description, mark):
        _set(self, 'id', id)
        _set(self, 'name', name)
        _set(self, 'base_iri', base_iri)
        _set(self, 'license', license)
        _set(self, 'version', version)
        _set(self, 'description', description)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.name, self.base_iri, self.license, self.version, self.description) == (other.id, other.name, other.base_iri, other.license, other.version, other.description)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.name, self.base_iri, self.license, self.version, self.description))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.UniverseInfo'] = ((('id', 'name', 'base_iri', 'license', 'version', 'description', 'mark'), ('id', 'name', 'base_iri', 'license', 'version', 'description'), False), _UniverseInfo())


def _Source():
    def __init__(self, id, kind, title, publisher, author, url, date, work, note, mark):
        _set(self, 'id', id)
        _set(self, 'kind', kind)
        _set(self, 'title', title)
        _set(self, 'publisher', publisher)
        _set(self, 'author', author)
        _set(self, 'url', url)
        _set(self, 'date', date)
        _set(self, 'work', work)
        _set(self, 'note', note)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.kind, self.title, self.publisher, self.author, self.url, self.date, self.work, self.note) == (other.id, other.kind, other.title, other.publisher, other.author, other.url, other.date, other.work, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.kind, self.title, self.publisher, self.author, self.url, self.date, self.work, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Source'] = ((('id', 'kind', 'title', 'publisher', 'author', 'url', 'date', 'work', 'note', 'mark'), ('id', 'kind', 'title', 'publisher', 'author', 'url', 'date', 'work', 'note'), False), _Source())


def _StatedGap():
    def __init__(self, since, gap, note, mark):
        _set(self, 'since', since)
        _set(self, 'gap', gap)
        _set(self, 'note', note)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.since, self.gap, self.note) == (other.since, other.gap, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.since, self.gap, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.StatedGap'] = ((('since', 'gap', 'note', 'mark'), ('since', 'gap', 'note'), False), _StatedGap())


def _Work():
    def __init__(self, id, kind, title, aliases, released, ended, phase, series, season, number, network, setting, in_sequence, stated_gaps, wikidata, sources, note, former_ids, mark):
        _set(self, 'id', id)
        _set(self, 'kind', kind)
        _set(self, 'title', title)
        _set(self, 'aliases', aliases)
        _set(self, 'released', released)
        _set(self, 'ended', ended)
        _set(self, 'phase', phase)
        _set(self, 'series', series)
        _set(self, 'season', season)
        _set(self, 'number', number)
        _set(self, 'network', network)
        _set(self, 'setting', setting)
        _set(self, 'in_sequence', in_sequence)
        _set(self, 'stated_gaps', stated_gaps)
        _set(self, 'wikidata', wikidata)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'former_ids', former_ids)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.kind, self.title, self.aliases, self.released, self.ended, self.phase, self.series, self.season, self.number, self.network, self.setting, self.in_sequence, self.stated_gaps, self.wikidata, self.sources, self.note, self.former_ids) == (other.id, other.kind, other.title, other.aliases, other.released, other.ended, other.phase, other.series, other.season, other.number, other.network, other.setting, other.in_sequence, other.stated_gaps, other.wikidata, other.sources, other.note, other.former_ids)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.kind, self.title, self.aliases, self.released, self.ended, self.phase, self.series, self.season, self.number, self.network, self.setting, self.in_sequence, self.stated_gaps, self.wikidata, self.sources, self.note, self.former_ids))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Work'] = ((('id', 'kind', 'title', 'aliases', 'released', 'ended', 'phase', 'series', 'season', 'number', 'network', 'setting', 'in_sequence', 'stated_gaps', 'wikidata', 'sources', 'note', 'former_ids', 'mark'), ('id', 'kind', 'title', 'aliases', 'released', 'ended', 'phase', 'series', 'season', 'number', 'network', 'setting', 'in_sequence', 'stated_gaps', 'wikidata', 'sources', 'note', 'former_ids'), False), _Work())


def _Person():
    def __init__(self, id, name, aliases, roles, wikidata, sources, note, former_ids, mark):
        _set(self, 'id', id)
        _set(self, 'name', name)
        _set(self, 'aliases', aliases)
        _set(self, 'roles', roles)
        _set(self, 'wikidata', wikidata)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'former_ids', former_ids)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.name, self.aliases, self.roles, self.wikidata, self.sources, self.note, self.former_ids) == (other.id, other.name, other.aliases, other.roles, other.wikidata, other.sources, other.note, other.former_ids)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.name, self.aliases, self.roles, self.wikidata, self.sources, self.note, self.former_ids))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Person'] = ((('id', 'name', 'aliases', 'roles', 'wikidata', 'sources', 'note', 'former_ids', 'mark'), ('id', 'name', 'aliases', 'roles', 'wikidata', 'sources', 'note', 'former_ids'), False), _Person())


def _StatedAge():
    def __init__(self, age, at, work, mark):
        _set(self, 'age', age)
        _set(self, 'at', at)
        _set(self, 'work', work)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.age, self.at, self.work) == (other.age, other.at, other.work)
        return NotImplemented
    def __hash__(self):
        return hash((self.age, self.at, self.work))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.StatedAge'] = ((('age', 'at', 'work', 'mark'), ('age', 'at', 'work'), False), _StatedAge())


def _Residence():
    def __init__(self, location, since, until, mark):
        _set(self, 'location', location)
        _set(self, 'since', since)
        _set(self, 'until', until)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.location, self.since, self.until) == (other.location, other.since, other.until)
        return NotImplemented
    def __hash__(self):
        return hash((self.location, self.since, self.until))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Residence'] = ((('location', 'since', 'until', 'mark'), ('location', 'since', 'until'), False), _Residence())


def _Character():
    def __init__(self, id, name, aliases, codenames, species, born, died, stated_ages, locations, variant_of, wikidata, sources, note, former_ids, mark):
        _set(self, 'id', id)
        _set(self, 'name', name)
        _set(self, 'aliases', aliases)
        _set(self, 'codenames', codenames)
        _set(self, 'species', species)
        _set(self, 'born', born)
        _set(self, 'died', died)
        _set(self, 'stated_ages', stated_ages)
        _set(self, 'locations', locations)
        _set(self, 'variant_of', variant_of)
        _set(self, 'wikidata', wikidata)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'former_ids', former_ids)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.name, self.aliases, self.codenames, self.species, self.born, self.died, self.stated_ages, self.locations, self.variant_of, self.wikidata, self.sources, self.note, self.former_ids) == (other.id, other.name, other.aliases, other.codenames, other.species, other.born, other.died, other.stated_ages, other.locations, other.variant_of, other.wikidata, other.sources, other.note, other.former_ids)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.name, self.aliases, self.codenames, self.species, self.born, self.died, self.stated_ages, self.locations, self.variant_of, self.wikidata, self.sources, self.note, self.former_ids))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Character'] = ((('id', 'name', 'aliases', 'codenames', 'species', 'born', 'died', 'stated_ages', 'locations', 'variant_of', 'wikidata', 'sources', 'note', 'former_ids', 'mark'), ('id', 'name', 'aliases', 'codenames', 'species', 'born', 'died', 'stated_ages', 'locations', 'variant_of', 'wikidata', 'sources', 'note', 'former_ids'), False), _Character())


def _Portrayal():
    def __init__(self, person, character, works, billing, credited_as, life_stage, sources, note, mark, work_marks):
        _set(self, 'person', person)
        _set(self, 'character', character)
        _set(self, 'works', works)
        _set(self, 'billing', billing)
        _set(self, 'credited_as', credited_as)
        _set(self, 'life_stage', life_stage)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'mark', mark)
        _set(self, 'work_marks', work_marks)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.person, self.character, self.works, self.billing, self.credited_as, self.life_stage, self.sources, self.note) == (other.person, other.character, other.works, other.billing, other.credited_as, other.life_stage, other.sources, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.person, self.character, self.works, self.billing, self.credited_as, self.life_stage, self.sources, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Portrayal'] = ((('person', 'character', 'works', 'billing', 'credited_as', 'life_stage', 'sources', 'note', 'mark', 'work_marks'), ('person', 'character', 'works', 'billing', 'credited_as', 'life_stage', 'sources', 'note'), False), _Portrayal())


def _Appearance():
    def __init__(self, character, works, mode, as_of, sources, note, mark, work_marks):
        _set(self, 'character', character)
        _set(self, 'works', works)
        _set(self, 'mode', mode)
        _set(self, 'as_of', as_of)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'mark', mark)
        _set(self, 'work_marks', work_marks)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.character, self.works, self.mode, self.as_of, self.sources, self.note) == (other.character, other.works, other.mode, other.as_of, other.sources, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.character, self.works, self.mode, self.as_of, self.sources, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Appearance'] = ((('character', 'works', 'mode', 'as_of', 'sources', 'note', 'mark', 'work_marks'), ('character', 'works', 'mode', 'as_of', 'sources', 'note'), False), _Appearance())


def _Participant():
    def __init__(self, character, role, mark):
        _set(self, 'character', character)
        _set(self, 'role', role)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.character, self.role) == (other.character, other.role)
        return NotImplemented
    def __hash__(self):
        return hash((self.character, self.role))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Participant'] = ((('character', 'role', 'mark'), ('character', 'role'), False), _Participant())


def _Outcome():
    def __init__(self, status, character, organization, mark):
        _set(self, 'status', status)
        _set(self, 'character', character)
        _set(self, 'organization', organization)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.status, self.character, self.organization) == (other.status, other.character, other.organization)
        return NotImplemented
    def __hash__(self):
        return hash((self.status, self.character, self.organization))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Outcome'] = ((('status', 'character', 'organization', 'mark'), ('status', 'character', 'organization'), False), _Outcome())


def _Event():
    def __init__(self, id, name, aliases, kind, when, place, participants, depicted_in, flashback_in, referenced_in, part_of, outcomes, wikidata, sources, note, former_ids, mark, referenced_in_marks):
        _set(self, 'id', id)
        _set(self, 'name', name)
        _set(self, 'aliases', aliases)
        _set(self, 'kind', kind)
        _set(self, 'when', when)
        _set(self, 'place', place)
        _set(self, 'participants', participants)
        _set(self, 'depicted_in', depicted_in)
        _set(self, 'flashback_in', flashback_in)
        _set(self, 'referenced_in', referenced_in)
        _set(self, 'part_of', part_of)
        _set(self, 'outcomes', outcomes)
        _set(self, 'wikidata', wikidata)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'former_ids', former_ids)
        _set(self, 'mark', mark)
        _set(self, 'referenced_in_marks', referenced_in_marks)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.name, self.aliases, self.kind, self.when, self.place, self.participants, self.depicted_in, self.flashback_in, self.referenced_in, self.part_of, self.outcomes, self.wikidata, self.sources, self.note, self.former_ids) == (other.id, other.name, other.aliases, other.kind, other.when, other.place, other.participants, other.depicted_in, other.flashback_in, other.referenced_in, other.part_of, other.outcomes, other.wikidata, other.sources, other.note, other.former_ids)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.name, self.aliases, self.kind, self.when, self.place, self.participants, self.depicted_in, self.flashback_in, self.referenced_in, self.part_of, self.outcomes, self.wikidata, self.sources, self.note, self.former_ids))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Event'] = ((('id', 'name', 'aliases', 'kind', 'when', 'place', 'participants', 'depicted_in', 'flashback_in', 'referenced_in', 'part_of', 'outcomes', 'wikidata', 'sources', 'note', 'former_ids', 'mark', 'referenced_in_marks'), ('id', 'name', 'aliases', 'kind', 'when', 'place', 'participants', 'depicted_in', 'flashback_in', 'referenced_in', 'part_of', 'outcomes', 'wikidata', 'sources', 'note', 'former_ids'), False), _Event())


def _Organization():
    def __init__(self, id, name, aliases, kind, based_in, wikidata, sources, note, former_ids, mark):
        _set(self, 'id', id)
        _set(self, 'name', name)
        _set(self, 'aliases', aliases)
        _set(self, 'kind', kind)
        _set(self, 'based_in', based_in)
        _set(self, 'wikidata', wikidata)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'former_ids', former_ids)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.name, self.aliases, self.kind, self.based_in, self.wikidata, self.sources, self.note, self.former_ids) == (other.id, other.name, other.aliases, other.kind, other.based_in, other.wikidata, other.sources, other.note, other.former_ids)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.name, self.aliases, self.kind, self.based_in, self.wikidata, self.sources, self.note, self.former_ids))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Organization'] = ((('id', 'name', 'aliases', 'kind', 'based_in', 'wikidata', 'sources', 'note', 'former_ids', 'mark'), ('id', 'name', 'aliases', 'kind', 'based_in', 'wikidata', 'sources', 'note', 'former_ids'), False), _Organization())


def _Location():
    def __init__(self, id, name, aliases, kind, within, wikidata, sources, note, former_ids, mark):
        _set(self, 'id', id)
        _set(self, 'name', name)
        _set(self, 'aliases', aliases)
        _set(self, 'kind', kind)
        _set(self, 'within', within)
        _set(self, 'wikidata', wikidata)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'former_ids', former_ids)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.name, self.aliases, self.kind, self.within, self.wikidata, self.sources, self.note, self.former_ids) == (other.id, other.name, other.aliases, other.kind, other.within, other.wikidata, other.sources, other.note, other.former_ids)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.name, self.aliases, self.kind, self.within, self.wikidata, self.sources, self.note, self.former_ids))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Location'] = ((('id', 'name', 'aliases', 'kind', 'within', 'wikidata', 'sources', 'note', 'former_ids', 'mark'), ('id', 'name', 'aliases', 'kind', 'within', 'wikidata', 'sources', 'note', 'former_ids'), False), _Location())


def _Relationship():
    def __init__(self, type, source, target, since, until, works, sources, note, mark):
        _set(self, 'type', type)
        _set(self, 'source', source)
        _set(self, 'target', target)
        _set(self, 'since', since)
        _set(self, 'until', until)
        _set(self, 'works', works)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.type, self.source, self.target, self.since, self.until, self.works, self.sources, self.note) == (other.type, other.source, other.target, other.since, other.until, other.works, other.sources, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.type, self.source, self.target, self.since, self.until, self.works, self.sources, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Relationship'] = ((('type', 'source', 'target', 'since', 'until', 'works', 'sources', 'note', 'mark'), ('type', 'source', 'target', 'since', 'until', 'works', 'sources', 'note'), False), _Relationship())


def _Order():
    def __init__(self, id, name, items, kind, sources, note, mark, item_marks):
        _set(self, 'id', id)
        _set(self, 'name', name)
        _set(self, 'items', items)
        _set(self, 'kind', kind)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'mark', mark)
        _set(self, 'item_marks', item_marks)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.name, self.items, self.kind, self.sources, self.note) == (other.id, other.name, other.items, other.kind, other.sources, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.name, self.items, self.kind, self.sources, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Order'] = ((('id', 'name', 'items', 'kind', 'sources', 'note', 'mark', 'item_marks'), ('id', 'name', 'items', 'kind', 'sources', 'note'), False), _Order())


def _Acknowledgement():
    def __init__(self, rule, subject, reason, sources, conflict, mark):
        _set(self, 'rule', rule)
        _set(self, 'subject', subject)
        _set(self, 'reason', reason)
        _set(self, 'sources', sources)
        _set(self, 'conflict', conflict)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.rule, self.subject, self.reason, self.sources, self.conflict) == (other.rule, other.subject, other.reason, other.sources, other.conflict)
        return NotImplemented
    def __hash__(self):
        return hash((self.rule, self.subject, self.reason, self.sources, self.conflict))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Acknowledgement'] = ((('rule', 'subject', 'reason', 'sources', 'conflict', 'mark'), ('rule', 'subject', 'reason', 'sources', 'conflict'), False), _Acknowledgement())


def _Secret():
    def __init__(self, id, name, about, identity, sources, note, mark):
        _set(self, 'id', id)
        _set(self, 'name', name)
        _set(self, 'about', about)
        _set(self, 'identity', identity)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'mark', mark)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.id, self.name, self.about, self.identity, self.sources, self.note) == (other.id, other.name, other.about, other.identity, other.sources, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.id, self.name, self.about, self.identity, self.sources, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Secret'] = ((('id', 'name', 'about', 'identity', 'sources', 'note', 'mark'), ('id', 'name', 'about', 'identity', 'sources', 'note'), False), _Secret())


def _Knowledge():
    def __init__(self, character, secret, learns_in, how, forgets_in, acts_on, sources, note, mark, acts_on_marks):
        _set(self, 'character', character)
        _set(self, 'secret', secret)
        _set(self, 'learns_in', learns_in)
        _set(self, 'how', how)
        _set(self, 'forgets_in', forgets_in)
        _set(self, 'acts_on', acts_on)
        _set(self, 'sources', sources)
        _set(self, 'note', note)
        _set(self, 'mark', mark)
        _set(self, 'acts_on_marks', acts_on_marks)
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.character, self.secret, self.learns_in, self.how, self.forgets_in, self.acts_on, self.sources, self.note) == (other.character, other.secret, other.learns_in, other.how, other.forgets_in, other.acts_on, other.sources, other.note)
        return NotImplemented
    def __hash__(self):
        return hash((self.character, self.secret, self.learns_in, self.how, self.forgets_in, self.acts_on, self.sources, self.note))
    return {'__init__': __init__, '__eq__': __eq__, '__hash__': __hash__}


SHAPES['mcugraph.model.records.Knowledge'] = ((('character', 'secret', 'learns_in', 'how', 'forgets_in', 'acts_on', 'sources', 'note', 'mark', 'acts_on_marks'), ('character', 'secret', 'learns_in', 'how', 'forgets_in', 'acts_on', 'sources', 'note'), False), _Knowledge())
