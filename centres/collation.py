"""Polish alphabetical order (Ł after L, Ś after S, …) on PostgreSQL and on SQLite.

PostgreSQL has it from ICU as the collation "pl-x-icu"; SQLite gets a collation of the same
name, registered on each new connection, that compares by polish_sort_key().
"""

import unicodedata

from django.db.backends.signals import connection_created

COLLATION = "pl-x-icu"

_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET, start=1)}


def _rank(char: str) -> tuple[int, int]:
    lower = char.lower()
    if lower in _RANK:
        return (1, _RANK[lower])
    base = unicodedata.normalize("NFD", lower)[:1]  # é → e, ü → u: not Polish letters
    if base in _RANK:
        return (1, _RANK[base])
    if char.isdigit():
        return (0, int(char) if char.isdecimal() else 0)
    return (0, -1)  # spaces and punctuation before digits and letters


def polish_sort_key(text: str) -> tuple:
    """Letters in the Polish alphabet's order, case only breaking ties."""
    return (tuple(_rank(c) for c in text), text.swapcase())


def _compare(a: str, b: str) -> int:
    ka, kb = polish_sort_key(a), polish_sort_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def connect() -> None:
    connection_created.connect(register_sqlite_collation, dispatch_uid="centres-pl-collation")
