"""The shape in which trainings and events give their figures to the yearly report."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReportItem:
    """One line of the yearly report: what was organised and how many took part.

    `participants` is None when nothing was recorded. `estimate` marks an official's
    estimate ("ponad 130 osób"); otherwise the number is exact (from attendance, counting
    each person once, or an official's exact count). `count` is how many things the line
    stands for: the days of a training or of trainings counted together ("4 dni
    szkoleniowe"), or the events of one kind counted together ("11 spotkań integracyjnych").
    """

    kind: str  # "training_group", "training", "training_days" or an event kind
    title: str
    report_sentence: str
    participants: int | None
    estimate: bool
    organisations: int
    starts_on: date | None
    url: str = ""
    count: int = 1
