"""Every static file goes through the production storage: collectstatic must not stop on a missing file.

The production profile keeps static files in WhiteNoise's CompressedManifestStaticFilesStorage, which
rewrites each `sourceMappingURL` and `url()` to a hashed name and stops collectstatic (MissingFileError)
on any that names a file not there; gunicorn then answers 500 everywhere. These run on SQLite too; the
deploy test (test_production_deploy.py) runs the whole recipe on PostgreSQL.
"""
import json
import re
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command

STATIC = Path(django_settings.BASE_DIR) / "static"
SOURCE_MAP_REFERENCE = re.compile(r"sourceMappingURL=([^\s*]+)")
# The hashing half of production's WhiteNoise CompressedManifestStaticFilesStorage, where a missing file
# stops collectstatic; compressing every file with Brotli as well would take ten times as long here.
MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def test_every_source_map_a_static_file_names_is_shipped():
    missing = []
    for path in sorted(STATIC.rglob("*")):
        if path.suffix not in {".js", ".css"}:
            continue
        for name in SOURCE_MAP_REFERENCE.findall(path.read_text(encoding="utf-8", errors="replace")):
            if not (path.parent / name).is_file():
                missing.append(f"{path.relative_to(STATIC)} names {name}")
    assert not missing, "Ship the map or remove the reference (static/vendor/README.md): " + "; ".join(missing)


def test_collectstatic_succeeds_with_hashed_names_as_in_production(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/chartjs-4.5.1/chart.umd.min.js"]
    assert hashed != "vendor/chartjs-4.5.1/chart.umd.min.js"
    assert (tmp_path / hashed).is_file()
