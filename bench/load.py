"""Serving the portal with gunicorn as in production, and driving it with wrk."""

import gzip
import http.client
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# wrk's own report has no p95; its Lua done() hook gives every percentile.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"bytes\\": %d, "
    .. "\\"p50_us\\": %.0f, \\"p95_us\\": %.0f, \\"p99_us\\": %.0f, \\"mean_us\\": %.0f, "
    .. "\\"max_us\\": %.0f, \\"errors_connect\\": %d, \\"errors_read\\": %d, "
    .. "\\"errors_write\\": %d, \\"errors_status\\": %d, \\"errors_timeout\\": %d}\\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean,
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


class Server:
    """gunicorn on 127.0.0.1:port with the environment the bench set (DEBUG off)."""

    def __init__(self, *, port: int, workers: int, log: Path, threads: int = 1):
        self.port, self.workers, self.threads, self.log = port, workers, threads, log
        self.process = None

    def __enter__(self):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", self.port)) == 0:
                raise SystemExit(f"Port {self.port} is in use: choose another with BENCH_PORT.")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [
                str(gunicorn),
                "cil_portal.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                f"--threads={self.threads}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start; see {self.log}")
            try:
                if probe(self.port, "/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer /healthz within a minute; see {self.log}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful stop; only our own process
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Probe:
    status: int
    wire_bytes: int  # as sent (gzip when the page is compressed)
    body_bytes: int  # uncompressed
    headers: dict
    body: bytes


def probe(port: int, path: str, cookie: str = "") -> Probe:
    """One GET as a browser makes it (gzip accepted), read whole."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "pl"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        wire = response.read()
        body = gzip.decompress(wire) if response.getheader("Content-Encoding") == "gzip" else wire
        return Probe(
            response.status,
            len(wire),
            len(body),
            {k.lower(): v for k, v in response.getheaders()},
            body,
        )
    finally:
        conn.close()


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (make bench installs it).")
    return path


def run_wrk(
    *, port: int, path: str, seconds: float, connections: int, threads: int, cookie: str = ""
) -> dict:
    """wrk's figures for one endpoint: requests, duration and latency percentiles (µs)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        wrk_path(),
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",
        f"--script={script.name}",
        "--header=Accept-Encoding: gzip",
        "--header=Accept-Language: pl",
    ]
    if cookie:
        command.append(f"--header=Cookie: {cookie}")
    command.append(f"http://127.0.0.1:{port}{path}")
    try:
        out = subprocess.run(  # noqa: S603 (wrk from Debian, fixed arguments)
            command, capture_output=True, text=True, timeout=seconds + 120, check=True
        ).stdout
    finally:
        Path(script.name).unlink()
    for line in out.splitlines():
        if line.startswith("WRKJSON "):
            return json.loads(line.removeprefix("WRKJSON "))
    raise RuntimeError(f"wrk printed no figures:\n{out}")
