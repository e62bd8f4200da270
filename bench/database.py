"""The bench's own PostgreSQL databases, beside the one DATABASE_URL names.

The bench drops and rebuilds its data on every run, so it never works in the developer's
database: from DATABASE_URL=postgres://…/cil it uses `bench_cil` (and, while it times
load_demo, `bench_cil_empty`), as Django's tests use `test_cil`. BENCH_DATABASE_URL
names another one.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


class NotPostgres(SystemExit):
    pass


def bench_url(environ=os.environ) -> str:
    """The URL of the bench's database; refuses anything but PostgreSQL."""
    source = environ.get("DATABASE_URL", "")
    scheme = urlsplit(source).scheme
    if scheme not in ("postgres", "postgresql", "pgsql"):
        raise NotPostgres(
            "make bench measures on PostgreSQL only (SQLite's figures would say nothing "
            "about production).\nSet DATABASE_URL=postgres://user@host:5432/NAME; the bench "
            "builds its own database bench_NAME beside it and never touches NAME."
        )
    if environ.get("BENCH_DATABASE_URL"):
        url = environ["BENCH_DATABASE_URL"]
    else:
        parts = urlsplit(source)
        url = urlunsplit(parts._replace(path="/bench_" + parts.path.lstrip("/")))
    if name_of(url) == name_of(source):
        raise NotPostgres("The bench's database must not be DATABASE_URL's own: it drops it.")
    return url


def name_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def _server(url: str):
    # The maintenance database: one may not drop the database one is connected to.
    return psycopg.connect(with_name(url, "postgres"), autocommit=True)


def recreate(url: str, *, template: str | None = None) -> None:
    """Drop the database (ending its sessions) and create it empty, or as a copy."""
    name = name_of(url)
    with _server(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if template:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(url: str) -> None:
    with _server(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name_of(url)))
        )
