"""The domain model: frozen records and the validated :class:`Universe`."""

from mcugraph.model._record import Record as Record  # the base of every record (not one itself)
from mcugraph.model._record import fields, record, replace
from mcugraph.model.records import *  # noqa: F403
from mcugraph.model.records import __all__ as _records_all
from mcugraph.model.time import *  # noqa: F403
from mcugraph.model.time import __all__ as _time_all
from mcugraph.model.universe import ENTITY_KINDS, Entity, Universe

__all__ = [*_records_all, *_time_all, "Universe", "Entity", "ENTITY_KINDS", "replace", "fields", "record"]
