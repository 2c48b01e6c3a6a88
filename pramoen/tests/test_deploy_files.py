"""The deployment files in deploy/ (issue 19 item 7) name things that exist: the compose file
parses and has the services a deployment needs, the systemd units run manage.py commands that
exist, nginx's upload limit and static path match the settings, the image installs the fonts.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("pramoen-*.*"))
APP_SERVICES = ("migrate", "web", "worker", "reminders")


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def unit(path: Path) -> dict[str, list[str]]:
    """A systemd unit's keys → values (a key may repeat), sections ignored."""
    values: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        values.setdefault(key.strip(), []).append(value.strip())
    return values


def manage_commands(argv: list[str]) -> list[str]:
    """The manage.py subcommands an argument list (or a `sh -c '…'` script) runs."""
    found = []
    for i, word in enumerate(argv):
        if word.endswith("manage.py") and i + 1 < len(argv):
            found.append(argv[i + 1])
        elif word == "-c" and i + 1 < len(argv):  # sh -c 'a && b'
            found += manage_commands(shlex.split(argv[i + 1].replace("&&", " ")))
    return found


def env_example(name: str) -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


# compose ------------------------------------------------------------------------------------


def test_compose_has_the_database_cache_object_store_web_and_worker() -> None:
    services = compose()["services"]
    assert {"db", "redis", "minio", "web", "worker"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert "minio" in services["minio"]["image"]
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, f"{name} depends on unknown service {needed}"


def test_compose_app_services_share_one_image_and_run_existing_commands() -> None:
    services = compose()["services"]
    commands = get_commands()
    for name in APP_SERVICES:
        service = services[name]
        assert service["image"] == "pramoen:latest"
        assert service["build"]["dockerfile"] == "deploy/Dockerfile"
        assert (ROOT / service["build"]["dockerfile"]).is_file()
        for command in manage_commands(service["command"]):
            assert command in commands, f"{name}: manage.py {command} does not exist"
    assert services["worker"]["command"][:3] == ["python", "manage.py", "run_worker"]
    assert services["web"]["command"][0] == "gunicorn"


def test_compose_wires_the_app_to_its_services() -> None:
    env = compose()["services"]["worker"]["environment"]
    assert "@db:5432/" in env["DATABASE_URL"]
    assert env["CACHE_URL"].startswith("redis://redis:")
    assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert env["DEBUG"] == "0" and env["BEHIND_HTTPS_PROXY"] == "1"
    # Secrets are required from deploy/.env, never written in the file.
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    volumes = set(compose()["volumes"])
    for service in compose()["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source.startswith(("/", ".")) or source in volumes, volume


# systemd ------------------------------------------------------------------------------------


def test_the_units_are_there() -> None:
    names = {path.name for path in UNITS}
    assert {
        "pramoen-web.service",
        "pramoen-worker.service",
        "pramoen-reminders.service",
        "pramoen-reminders.timer",
    } <= names


@pytest.mark.parametrize("path", [p for p in UNITS if p.suffix == ".service"], ids=lambda p: p.name)
def test_a_unit_runs_manage_py_commands_that_exist(path: Path) -> None:
    values = unit(path)
    commands = get_commands()
    (exec_start,) = values["ExecStart"]
    argv = shlex.split(exec_start)
    assert argv[0].startswith(("/srv/pramoen/.venv/bin/", "/bin/sh")), argv[0]
    for command in manage_commands(argv):
        assert command in commands, f"{path.name}: manage.py {command} does not exist"
    if argv[0].endswith("gunicorn"):
        assert argv[1] == "pramoen.wsgi"
        config = argv[argv.index("--config") + 1]
        assert (ROOT / Path(config).relative_to("/srv/pramoen")).is_file()
    assert values["WorkingDirectory"] == ["/srv/pramoen"]
    assert values["EnvironmentFile"] == ["/etc/pramoen/pramoen.env"]
    assert values["User"] == ["pramoen"]


def test_the_worker_unit_runs_the_worker_with_the_heartbeat() -> None:
    (exec_start,) = unit(DEPLOY / "systemd" / "pramoen-worker.service")["ExecStart"]
    assert manage_commands(shlex.split(exec_start)) == ["run_worker"]
    (exec_start,) = unit(DEPLOY / "systemd" / "pramoen-reminders.service")["ExecStart"]
    assert manage_commands(shlex.split(exec_start)) == ["send_reminders"]


@pytest.mark.parametrize("path", [p for p in UNITS if p.suffix == ".timer"], ids=lambda p: p.name)
def test_a_timer_starts_a_unit_that_exists(path: Path) -> None:
    (target,) = unit(path)["Unit"]
    assert (path.parent / target).is_file()
    assert unit(path)["OnCalendar"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_analyze_accepts_the_units(tmp_path: Path) -> None:
    # The units name /srv/pramoen paths that this machine lacks: only syntax errors count.
    result = subprocess.run(
        ["systemd-analyze", "verify", *map(str, UNITS)],
        capture_output=True,
        text=True,
        check=False,
    )
    syntax = [
        line
        for line in result.stderr.splitlines()
        if "Unknown key" in line or "Unknown section" in line or "bad" in line.lower()
    ]
    assert not syntax, result.stderr


# nginx --------------------------------------------------------------------------------------

NGINX = DEPLOY / "nginx" / "pramoen.conf"
PROXY = DEPLOY / "nginx" / "pramoen-proxy.conf"


def test_nginx_lets_through_the_upload_limit_and_little_more() -> None:
    (size,) = re.findall(r"client_max_body_size\s+(\d+)m;", NGINX.read_text(encoding="utf-8"))
    nginx_bytes = int(size) * 1024 * 1024
    limit = settings.PRAMOEN_UPLOAD_MAX_BYTES  # the default (UPLOAD_MAX_BYTES unset)
    assert limit == int(env_example("pramoen.env.example")["UPLOAD_MAX_BYTES"])
    # Above the limit, so pramoen answers a too-large file itself (in Thai); not far above.
    assert limit < nginx_bytes <= limit + 2 * 1024 * 1024


def test_nginx_serves_static_from_static_root_and_passes_the_scheme() -> None:
    text = NGINX.read_text(encoding="utf-8")
    (alias,) = re.findall(r"location /static/ \{\s*alias ([^;]+);", text)
    assert alias.rstrip("/") == env_example("pramoen.env.example")["STATIC_ROOT"]
    assert settings.STATIC_URL.strip("/") == "static"
    assert "/media/" not in re.sub(r"#.*", "", text)  # media only through the permission check
    proxy = PROXY.read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy
    assert "proxy_set_header X-Request-ID $request_id;" in proxy
    assert env_example("pramoen.env.example")["BEHIND_HTTPS_PROXY"] == "1"
    (upstream,) = re.findall(r"server (127\.0\.0\.1:\d+);", text)
    assert upstream == env_example("pramoen.env.example")["BIND"]


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    """`nginx -t` on the site, with a throwaway certificate and paths under tmp_path."""
    key, cert = tmp_path / "site.key", tmp_path / "site.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=kpi.example.go.th", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    site = (
        NGINX.read_text(encoding="utf-8")
        .replace("/etc/ssl/certs/kpi.example.go.th.pem", str(cert))
        .replace("/etc/ssl/private/kpi.example.go.th.key", str(key))
        .replace("/etc/nginx/snippets/pramoen-proxy.conf", str(PROXY))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{\n access_log off;\n include {tmp_path}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# Docker image -------------------------------------------------------------------------------


def setup_packages() -> set[str]:
    text = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    (packages,) = re.findall(r"DEB_PACKAGES=\(([^)]*)\)", text)
    return set(packages.split())


def test_the_image_is_debian_12_python_311_with_uv_and_the_document_fonts() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", text, re.M)
    assert "uv sync --frozen --no-dev" in text
    apt = set(
        re.findall(r"[a-z0-9][a-z0-9.+-]+", text.split("apt-get install", 1)[1].split("&&")[0])
    )
    # What documents need at run time; the rest of setup.sh's list is for the checks.
    runtime = {"chromium", "fonts-thai-tlwg", "fontconfig", "libthai0", "gettext"}
    assert runtime <= setup_packages()
    assert runtime <= apt
    assert "manage.py compilemessages" in text and "manage.py collectstatic" in text


# The settings the files set ------------------------------------------------------------------


def test_every_variable_the_files_set_is_read_by_the_settings_or_the_server() -> None:
    read = (ROOT / "pramoen" / "settings.py").read_text(encoding="utf-8")
    read += (DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8")
    outside = {"PROMETHEUS_MULTIPROC_DIR"}  # prometheus_client reads it
    # Object storage (django-storages reads these names).
    outside |= {k for k in compose()["services"]["web"]["environment"] if k.startswith("AWS_")}
    names = set(env_example("pramoen.env.example")) | set(
        compose()["services"]["web"]["environment"]
    )
    unread = sorted(name for name in names - outside if f'"{name}"' not in read)
    assert not unread, f"set in deploy/ but read nowhere: {unread}"


def test_the_readme_production_section_walks_through_every_file() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split('<a id="production"></a>', 1)[1].split("\n## Design", 1)[0]
    for path in sorted(DEPLOY.rglob("*")):
        if path.is_file():
            # A unit by its name (pramoen-web), any other file by its file name.
            name = path.stem if path.parent.name == "systemd" else path.name
            assert name in section, f"README Production does not mention {path.name}"
    for step in ("migrate", "collectstatic", "systemctl restart", "restore", "backup --verify"):
        assert step in section, step
