"""The yearly summary as data: what the page, the PDF and the open data all say.

A `YearSummary` holds numbers, names and the officials' own sentences, never rendered
Polish text: the words are chosen when it is shown (reports/text.py), so a published
snapshot reads right in either language. `as_dict()` and `from_dict()` turn it into JSON
and back; a published report keeps that JSON frozen.
"""

import types
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Union, get_args, get_origin, get_type_hints

SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class Activity:
    """One bullet of "zorganizowano następujące działania".

    `sentence` is the official's description; empty for a line the portal words itself
    from `count` and `kind` ("11 spotkań integracyjnych", "4 dni szkoleniowe").
    """

    kind: str
    sentence: str
    count: int
    participants: int | None
    estimate: bool
    starts_on: date | None


@dataclass(frozen=True)
class ProjectRow:
    title: str
    kind: str
    organisation: str
    centre: str
    area: str
    starts_on: date
    ends_on: date
    grant_amount: Decimal
    total_cost: Decimal
    participants: int | None


@dataclass(frozen=True)
class AnnexItem:
    """A training or an event in the annex, with who took part."""

    kind: str
    title: str
    starts_on: date | None
    days: int
    participants: int | None
    estimate: bool
    organisations: int


@dataclass(frozen=True)
class AreaShare:
    area: str  # empty: city-wide
    projects: int
    total_cost: Decimal
    grant_amount: Decimal


@dataclass(frozen=True)
class MonthShare:
    month: int
    projects: int
    total_cost: Decimal
    grant_amount: Decimal


@dataclass(frozen=True)
class YearFigures:
    """One row of the year-over-year table."""

    year: int
    centres: int
    projects: int
    regranting: int
    total_cost: Decimal
    regranting_cost: Decimal
    training_participants: int
    events: int


@dataclass(frozen=True)
class YearSummary:
    year: int
    city_name: str
    city_locative: str
    centres: tuple[str, ...]
    activities: tuple[Activity, ...]
    projects: int
    regranting: int
    total_cost: Decimal
    regranting_cost: Decimal
    grant_amount: Decimal
    organisations_engaged: int
    people_engaged: int
    representatives: int
    applications_received: int
    applications_funded: int
    by_area: tuple[AreaShare, ...]
    by_month: tuple[MonthShare, ...]
    years: tuple[YearFigures, ...]
    annex_projects: tuple[ProjectRow, ...]
    annex_trainings: tuple[AnnexItem, ...]
    annex_events: tuple[AnnexItem, ...]

    ANNEXES = ("annex_projects", "annex_trainings", "annex_events")

    @property
    def is_empty(self) -> bool:
        """Nothing at all was recorded for the year: the page says so in one sentence
        rather than showing zeros, empty tables and charts without bars."""
        return not (
            self.centres
            or self.activities
            or self.projects
            or self.applications_received
            or self.people_engaged
            or self.annex_trainings
            or self.annex_events
        )

    def as_dict(self) -> dict:
        return {"version": SNAPSHOT_VERSION, **_dump(self)}

    def figures(self) -> dict:
        """Everything but the annex lists: the open data's JSON."""
        data = self.as_dict()
        for name in self.ANNEXES:
            data.pop(name)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "YearSummary":
        if data.get("version") != SNAPSHOT_VERSION:
            raise ValueError(f"unknown snapshot version {data.get('version')!r}")
        return _load(cls, data)


def _dump(value):
    if is_dataclass(value):
        return {f.name: _dump(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _load(cls, data: dict):
    hints = get_type_hints(cls)
    return cls(**{f.name: _load_value(hints[f.name], data[f.name]) for f in fields(cls)})


def _load_value(hint, value):
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        [hint] = [a for a in get_args(hint) if a is not type(None)]
        return _load_value(hint, value)
    if origin is tuple:
        item = get_args(hint)[0]
        return tuple(_load_value(item, v) for v in value)
    if is_dataclass(hint):
        return _load(hint, value)
    if hint is Decimal:
        return Decimal(value)
    if hint is date:
        return date.fromisoformat(value)
    return value
