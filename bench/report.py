"""The results as one table for people and one JSON file for later comparison."""

import json
from datetime import datetime
from pathlib import Path

COLUMNS = [
    ("endpoint", "<"),
    ("status", ">"),
    ("req/s", ">"),
    ("p50 ms", ">"),
    ("p95 ms", ">"),
    ("p99 ms", ">"),
    ("×healthz", ">"),
    ("queries", ">"),
    ("1 req ms", ">"),
    ("size kB", ">"),
    ("gzip kB", ">"),
]


def with_ratios(endpoints: list[dict]) -> list[dict]:
    """Add each measured endpoint's rate as a share of /healthz's in the same run."""
    base = next((e.get("rps") for e in endpoints if e["name"] == "/healthz"), None)
    for e in endpoints:
        e["ratio"] = round(e["rps"] / base, 3) if base and e.get("rps") is not None else None
    return endpoints


def _cell(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}".replace(",", " ")
    return str(value)


def _row(e: dict) -> list[str]:
    measured = e.get("rps") is not None
    status = str(e.get("status", "–"))
    if not measured and e.get("note"):
        status = f"{status} ({e['note']})"
    return [
        e["name"],
        status,
        _cell(e.get("rps")),
        _cell(e.get("p50_ms")),
        _cell(e.get("p95_ms")),
        _cell(e.get("p99_ms")),
        _cell(e.get("ratio"), 2),
        _cell(e.get("queries")),
        _cell(e.get("server_ms")),
        _cell(e["body_bytes"] / 1000 if e.get("body_bytes") is not None else None),
        _cell(e["wire_bytes"] / 1000 if e.get("wire_bytes") is not None else None),
    ]


def table(endpoints: list[dict]) -> str:
    rows = [[name for name, _ in COLUMNS]] + [_row(e) for e in endpoints]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]

    def line(cells):
        return "  ".join(
            f"{c:{align}{w}}" for c, (_, align), w in zip(cells, COLUMNS, widths, strict=True)
        ).rstrip()

    return "\n".join([line(rows[0]), line(["-" * w for w in widths]), *map(line, rows[1:])])


def _seconds(item: dict) -> str:
    if not item.get("built", True):
        return f"not built ({item.get('note', '')})"
    extra = f", {item['bytes'] / 1000:,.0f} kB" if item.get("bytes") else ""
    status = f", status {item['status']}" if item.get("status") not in (None, 200) else ""
    return f"{item['seconds']:.2f} s{extra}{status}"


def _pdf_lines(pdf: dict) -> list[str]:
    """The yearly PDF's parts: its rendering, apart from what a user waits for."""
    r = pdf["render"]
    return [
        f"  render (summary and WeasyPrint, {r['projects']} projects): {r['seconds']:.2f} s "
        f"wall, {r['cpu_seconds']:.2f} s CPU, {r['bytes'] / 1000:,.0f} kB",
        f"  download of the published PDF (stored file): {_seconds(pdf['download'])}",
        f"  official's draft, first request: {_seconds(pdf['draft_first'])}",
        f"  official's draft, once prepared: {_seconds(pdf['draft_ready'])}",
    ]


def summary(results: dict) -> str:
    """Everything but the table: machine, dataset, the long jobs, the deadline evening."""
    t = results.get("timings", {})
    lines = [
        f"machine: {results['machine']['cores']} cores, load average "
        f"{results['machine']['load_before']} before the run, "
        f"{results['machine'].get('load_after', '?')} after; gunicorn "
        f"{results['settings']['workers']} workers × {results['settings'].get('threads', 1)} "
        f"threads; wrk {results['settings']['connections']} "
        f"connections, {results['settings']['seconds']} s per endpoint"
        + (
            f" after {results['settings']['warmup_seconds']:g} s not measured"
            if results["settings"].get("warmup_seconds")
            else ""
        ),
        "dataset (SCALE={scale}): {rows}".format(
            scale=results["scale"],
            rows=", ".join(f"{v} {k}" for k, v in results.get("dataset", {}).items()),
        ),
    ]
    if "build_seconds" in results:
        lines.append(f"dataset built in {results['build_seconds']:.1f} s")
    labels = {
        "import_areas": "import_areas (real boundaries, 42 osiedla)",
        "load_demo": "load_demo on an empty database",
        "yearly_pdf": f"yearly PDF ({t.get('yearly_pdf', {}).get('year', 'largest year')})",
        "export_csv": "CSV export of all applications",
        "export_xlsx": "XLSX export of all applications",
    }
    for key, label in labels.items():
        if key == "yearly_pdf" and t.get(key, {}).get("render"):
            lines += [f"{label}:", *_pdf_lines(t[key])]
        elif key in t:
            lines.append(f"{label}: {_seconds(t[key])}")
    d = results.get("deadline")
    if d:
        verdict = "OK" if d["ok"] else "PROBLEMS"
        lines.append(
            f"deadline: {d['applicants']} applicants, {d['requests']} requests; "
            f"{d['accepted']} accepted, {d['refused as late']} refused as late, "
            f"{d['pressed twice']} pressed twice, {d['duplicated']} duplicated, "
            f"{d['lost']} lost; answers p50 {d['answer_p50_ms']} ms, max "
            f"{d['answer_max_ms']} ms (load average {d.get('load_at_start')} at its start): "
            f"{verdict}"
        )
        lines += [f"  - {p}" for p in d["problems"][:20]]
    if "wall_seconds" in results:
        lines.append(f"wall time: {results['wall_seconds']:.0f} s")
    return "\n".join(lines)


def write_json(results: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = directory / f"{stamp}-scale{results['scale']}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    return path
