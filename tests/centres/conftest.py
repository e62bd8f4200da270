import os
from pathlib import Path

import pytest

from centres.services import areas_import, areas_parse

REPO = Path(__file__).resolve().parents[2]
# The city's real boundaries, kept outside the repository (../shared/data/ beside it in CI);
# a clone elsewhere names the file with OSIEDLA_GEOJSON.
OSIEDLA = Path(
    os.environ.get("OSIEDLA_GEOJSON", REPO.parent / "shared" / "data" / "poznan-osiedla.geojson")
)
ABSENT = f"{OSIEDLA} is absent (it is always present in CI; set OSIEDLA_GEOJSON to its path)"

# Known points from ../shared/data/README.md.
WILDA = (52.3915, 16.9180)
STARY_GRUNWALD = (52.4063, 16.8830)
KIEKRZ = (52.4720, 16.7650)


@pytest.fixture(scope="session")
def osiedla_text() -> str:
    if not OSIEDLA.exists():
        pytest.skip(ABSENT)
    return OSIEDLA.read_text(encoding="utf-8")


@pytest.fixture
def osiedla(db, osiedla_text):
    """The 42 real areas of Poznań with their boundaries."""
    areas_import(features=areas_parse(osiedla_text))
