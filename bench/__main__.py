"""`python -m bench [--scale 0.05]`: build the city, serve it, measure it (make bench).

Order of work: a fresh database of the bench's own, migrations, load_demo timed on an
empty copy, the real area boundaries imported (timed), the dataset, SQL queries counted
per page in-process, then gunicorn in production settings driven by wrk page by page,
the deadline evening over HTTP, and the yearly PDF and exports timed. It prints one
table and writes everything to bench-results/<time>.json.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = ROOT.parent / "shared" / "data" / "poznan-osiedla.geojson"


def say(text: str) -> None:
    print(text, flush=True)


def arguments(argv=None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", type=float, default=float(env("SCALE") or 1))
    parser.add_argument(
        "--seconds", type=float, default=float(env("BENCH_SECONDS") or 0),
        help="wrk's time per endpoint (default 10 s, 3 s below SCALE 0.5)",
    )  # fmt: skip
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS") or 16))
    parser.add_argument(
        "--warmup", type=float, default=float(env("BENCH_WARMUP") or 2),
        help="seconds of wrk, not measured, before each endpoint (every thread opens its "
        "database connection and the caches fill; 0: none)",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=int(env("BENCH_PORT") or 8105))
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS") or 4))
    parser.add_argument(
        "--threads", type=int, default=int(env("BENCH_THREADS") or 16),
        help="threads per gunicorn worker (default 16, as in 'Running in production')",
    )  # fmt: skip
    parser.add_argument("--areas", type=Path, default=Path(env("BENCH_AREAS_FILE") or AREAS))
    parser.add_argument("--results", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args(argv)
    if not args.seconds:
        args.seconds = 10.0 if args.scale >= 0.5 else 3.0
    return args


def production_environment(url: str, *, port: int, scratch: Path) -> None:
    """Settings as production has them (DEBUG off), in folders of the run's own."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cil_portal.settings",
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=f"http://127.0.0.1:{port}",
        STATIC_ROOT=str(scratch / "static"),
        MEDIA_ROOT=str(scratch / "media"),
        PRIVATE_MEDIA_ROOT=str(scratch / "private"),
        CACHE_KEY_PREFIX="cil-bench",  # never the developer's cache entries
        LOG_LEVEL="WARNING",
    )
    for name in ("SECRET_KEY_FILE", "EMAIL_HOST"):
        os.environ.pop(name, None)


def time_load_demo(url: str) -> dict:
    """load_demo in a fresh process on an empty, migrated copy of the bench database."""
    from . import database

    empty = database.with_name(url, database.name_of(url) + "_empty")
    database.recreate(empty, template=database.name_of(url))
    code = (
        "import io, time, django; django.setup()\n"
        "from django.core.management import call_command\n"
        "t = time.perf_counter(); call_command('load_demo', stdout=io.StringIO())\n"
        "print(time.perf_counter() - t)"
    )
    try:
        out = subprocess.run(  # noqa: S603 (our own interpreter and code)
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": empty},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        database.drop(empty)
    return {"seconds": round(float(out.strip().splitlines()[-1]), 3)}


def measure_endpoints(endpoints, *, args, cores: int) -> tuple[list[dict], dict]:
    from . import load, measure

    results = []
    say("SQL queries and server time per page (Django's test client, same data)")
    counted = {e.path: measure.count_queries(e) for e in endpoints}
    cookies = {e.as_user: measure.session_cookie(measure.client_for(e.as_user)) for e in endpoints}
    from django.db import connections

    connections.close_all()
    log = args.results / "gunicorn.log"
    args.results.mkdir(parents=True, exist_ok=True)
    say(
        f"gunicorn on 127.0.0.1:{args.port}, "
        f"wrk {args.connections} connections × {args.seconds:g} s"
    )
    with load.Server(port=args.port, workers=args.workers, threads=args.threads, log=log):
        for e in endpoints:
            cookie = cookies[e.as_user] if e.as_user else ""
            probe = load.probe(args.port, e.path, cookie)
            row = {
                **e.as_dict(),
                "status": probe.status,
                "queries": counted[e.path][1] if counted[e.path][0] == 200 else None,
                "server_ms": round(counted[e.path][2], 1) if counted[e.path][0] == 200 else None,
                "body_bytes": probe.body_bytes if probe.status == 200 else None,
                "wire_bytes": probe.wire_bytes if probe.status == 200 else None,
            }
            if probe.status != 200:
                row["note"] = "not built yet" if probe.status == 404 else "not 200: not measured"
                say(f"  {e.name}: {probe.status}, not measured")
                results.append(row)
                continue
            if args.warmup > 0:
                load.run_wrk(
                    port=args.port, path=e.path, seconds=args.warmup,
                    connections=args.connections, threads=cores, cookie=cookie,
                )  # fmt: skip
            figures = load.run_wrk(
                port=args.port, path=e.path, seconds=args.seconds,
                connections=args.connections, threads=cores, cookie=cookie,
            )  # fmt: skip
            seconds = figures["duration_us"] / 1e6
            row.update(
                rps=round(figures["requests"] / seconds, 1),
                p50_ms=round(figures["p50_us"] / 1000, 1),
                p95_ms=round(figures["p95_us"] / 1000, 1),
                p99_ms=round(figures["p99_us"] / 1000, 1),
                wrk=figures,
            )
            errors = sum(v for k, v in figures.items() if k.startswith("errors_"))
            if errors:
                row["note"] = f"{errors} errors under load"
            say(f"  {e.name}: {row['rps']} req/s, p95 {row['p95_ms']} ms")
            results.append(row)
        say("The deadline evening: 200 applicants within ten seconds of the deadline")
        from . import deadline

        applicants = deadline.prepare()
        connections.close_all()
        deadline_result = deadline.run(applicants, port=args.port)
    return results, deadline_result


def main(argv=None) -> int:
    started = time.perf_counter()
    args = arguments(argv)
    from . import database

    url = database.bench_url()
    cores = os.cpu_count() or 1
    scratch = Path(tempfile.mkdtemp(prefix="cil-bench-"))
    production_environment(url, port=args.port, scratch=scratch)
    results = {
        "scale": args.scale,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "database": database.name_of(url),
        "machine": {"cores": cores, "load_before": round(os.getloadavg()[0], 2)},
        "settings": {
            "workers": args.workers,
            "threads": args.threads,
            "connections": args.connections,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "celery": "Redis (tasks queued)" if os.environ.get("REDIS_URL") else "eager",
        },
        "timings": {},
    }
    say(f"Database {database.name_of(url)} (dropped and built anew); {cores} cores")
    database.recreate(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from . import dataset, measure, report

    call_command("migrate", verbosity=0)
    # Before load_demo: it publishes the demo years, whose PDFs need the static files'
    # manifest (DEBUG is off).
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()
    say("Timing load_demo on an empty database")
    results["timings"]["load_demo"] = time_load_demo(url)
    say(f"Timing import_areas on {args.areas}")
    results["timings"]["import_areas"] = measure.time_import_areas(args.areas)

    say(f"Building the dataset at SCALE={args.scale:g}")
    built = time.perf_counter()
    results["dataset"] = dataset.build(scale=args.scale, report=say)
    if connections["default"].vendor == "postgresql":
        # The visibility map, as autovacuum keeps it for tables that grew over years (it
        # may be off on the bench's server): without it a COUNT or the admin's list of
        # years reads every row of the table instead of an index. Outside a transaction.
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    results["build_seconds"] = round(time.perf_counter() - built, 1)

    endpoints = measure.endpoints()
    results["endpoints"], results["deadline"] = measure_endpoints(endpoints, args=args, cores=cores)
    report.with_ratios(results["endpoints"])

    say("Timing the yearly PDF and the exports")
    results["timings"]["yearly_pdf"] = measure.time_yearly_pdf(measure.largest_year())
    results["timings"].update(measure.time_exports())
    if os.environ.get("REDIS_URL"):
        from cil_portal.celery import app

        app.control.purge()  # the confirmations queued by the deadline evening
    results["machine"]["load_after"] = round(os.getloadavg()[0], 2)
    results["wall_seconds"] = round(time.perf_counter() - started, 1)

    say("")
    say(report.table(results["endpoints"]))
    say("")
    say(report.summary(results))
    shutil.rmtree(scratch, ignore_errors=True)
    path = report.write_json(results, args.results)
    say(f"\nResults: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0 if results["deadline"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
