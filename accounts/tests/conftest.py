"""A real OpenLDAP server for the directory-login tests (issue 19 item 1).

`slapd` (Debian packages slapd and ldap-utils, installed by scripts/setup.sh) is started once per
test session (per xdist worker) on a free loopback port, from a slapd.conf and an mdb database in
a temporary folder, loaded with a small Thai directory by `slapadd`, and stopped at the end. The
tests that use it are skipped, saying why, only when the slapd binary is missing.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUFFIX = "dc=example,dc=go,dc=th"
BIND_DN = f"cn=pramoen,ou=services,{SUFFIX}"
BIND_PASSWORD = "bind-secret-1234"
PEOPLE = f"ou=people,{SUFFIX}"
USER_PASSWORD = "directory-pass-5678"

# uid → (Thai given name, Thai surname, English given name, English surname, mail, ou)
DIRECTORY = {
    "wanida": ("วนิดา", "ใจดี", "Wanida", "Jaidee", "wanida@onep.go.th", "กองวิเคราะห์ผลกระทบฯ"),
    "preecha": ("ปรีชา", "มั่นคง", "Preecha", "Mankong", "preecha@onep.go.th", "quality"),
    "staff": ("สมศักดิ์", "รักงาน", "Somsak", "Rakngan", "staff@example.go.th", "admdev"),
    "nounit": ("มานี", "มีนา", "Manee", "Meena", "manee@onep.go.th", "กองที่ไม่มีในระบบ"),
}


def _slapd() -> str | None:
    return shutil.which("slapd") or next(
        (path for path in ("/usr/sbin/slapd",) if os.access(path, os.X_OK)), None
    )


def _slapadd() -> str | None:
    return shutil.which("slapadd") or (
        "/usr/sbin/slapadd" if os.access("/usr/sbin/slapadd", os.X_OK) else None
    )


def _line(name: str, value: str) -> str:
    """One LDIF line; a value that is not plain ASCII is written base64 (RFC 2849)."""
    if value.isascii() and not value.startswith((" ", ":", "<")):
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode('utf-8')).decode('ascii')}"


def directory_ldif() -> str:
    entries: list[list[str]] = [
        [
            f"dn: {SUFFIX}",
            "objectClass: dcObject",
            "objectClass: organization",
            "dc: example",
            _line("o", "สำนักงานทดสอบ"),
        ],
        [f"dn: ou=services,{SUFFIX}", "objectClass: organizationalUnit", "ou: services"],
        [f"dn: {PEOPLE}", "objectClass: organizationalUnit", "ou: people"],
        [
            f"dn: {BIND_DN}",
            "objectClass: organizationalRole",
            "objectClass: simpleSecurityObject",
            "cn: pramoen",
            f"userPassword: {BIND_PASSWORD}",
        ],
    ]
    for uid, (first_th, last_th, first_en, last_en, mail, ou) in DIRECTORY.items():
        entries.append(
            [
                f"dn: uid={uid},{PEOPLE}",
                "objectClass: inetOrgPerson",
                f"uid: {uid}",
                f"cn: {first_en} {last_en}",
                f"givenName: {first_en}",
                f"sn: {last_en}",
                _line("givenName;lang-th", first_th),
                _line("sn;lang-th", last_th),
                f"mail: {mail}",
                _line("ou", ou),
                f"userPassword: {USER_PASSWORD}",
            ]
        )
    return "\n\n".join("\n".join(entry) for entry in entries) + "\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Slapd:
    uri: str
    env: dict[str, str]  # the LDAP_* environment pramoen reads (accounts.directory_settings)


@pytest.fixture(scope="session")
def slapd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slapd]:
    binary, slapadd = _slapd(), _slapadd()
    if binary is None or slapadd is None:
        pytest.skip("OpenLDAP slapd is not installed (apt-get install slapd ldap-utils)")
    root = tmp_path_factory.mktemp("slapd")
    data = root / "data"
    data.mkdir()
    conf = root / "slapd.conf"
    conf.write_text(
        "\n".join(
            [
                *(
                    f"include /etc/ldap/schema/{name}.schema"
                    for name in ("core", "cosine", "inetorgperson", "nis")
                ),
                f"pidfile {root / 'slapd.pid'}",
                f"argsfile {root / 'slapd.args'}",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "database mdb",
                f'suffix "{SUFFIX}"',
                f'rootdn "cn=admin,{SUFFIX}"',
                "rootpw admin-secret",
                f"directory {data}",
                "maxsize 10485760",
                "access to attrs=userPassword by self read by anonymous auth by * none",
                "access to * by users read by * none",
                "",
            ]
        ),
        encoding="utf-8",
    )
    ldif = root / "directory.ldif"
    ldif.write_text(directory_ldif(), encoding="utf-8")
    subprocess.run(
        [slapadd, "-f", str(conf), "-l", str(ldif)], check=True, capture_output=True, timeout=60
    )
    port = _free_port()
    uri = f"ldap://127.0.0.1:{port}"
    log = (root / "slapd.log").open("wb")
    # -d 0: stay in the foreground (no fork), so the fixture owns the process and stops it.
    process = subprocess.Popen(
        [binary, "-f", str(conf), "-h", f"{uri}/", "-d", "0"], stdout=log, stderr=log
    )
    try:
        _wait_for(port, process, root)
        yield Slapd(
            uri=uri,
            env={
                "LDAP_SERVER_URI": uri,
                "LDAP_BIND_DN": BIND_DN,
                "LDAP_BIND_PASSWORD": BIND_PASSWORD,
                "LDAP_USER_SEARCH_BASE": PEOPLE,
                "LDAP_DEPARTMENT_CODE": "onep",
                "LDAP_TIMEOUT": "5",
            },
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for(port: int, process: subprocess.Popen[bytes], root: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (root / "slapd.log").read_text(errors="replace")
            raise RuntimeError(f"slapd exited with {process.returncode}:\n{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("slapd did not listen within 20 s")


# A real OpenID Connect provider (django-oauth-toolkit) -------------------------------------------

OIDC_CLIENT_ID = "pramoen-test"
OIDC_CLIENT_SECRET = "oidc-client-secret-0123456789"
OIDC_REDIRECT_URI = "http://testserver/accounts/oidc/callback/"
OIDC_PASSWORD = "provider-pass-2468"
# username → (Thai given name, Thai family name, e-mail, unit claim)
OIDC_USERS = {
    "kanokwan": ("กนกวรรณ", "ศรีสุข", "kanokwan@onep.go.th", "eia"),
    "thana": ("ธนา", "รุ่งเรือง", "thana@onep.go.th", "กองคุณภาพฯ"),
    "malee": ("มาลี", "สดใส", "malee@onep.go.th", "eia"),
}
OIDC_UNVERIFIED = ["malee"]  # the provider says email_verified: false


@dataclass(frozen=True)
class OidcProvider:
    base: str  # http://127.0.0.1:<port>
    env: dict[str, str]  # the OIDC_* environment pramoen reads


def _rsa_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """django-oauth-toolkit with OIDC on, in its own process, database and settings."""
    import json
    import sys

    root = tmp_path_factory.mktemp("oidc")
    seed = {
        "users": [
            {
                "username": username,
                "password": OIDC_PASSWORD,
                "first_name": first,
                "last_name": last,
                "email": email,
            }
            for username, (first, last, email, _unit) in OIDC_USERS.items()
        ],
        "units": {username: unit for username, (_f, _l, _e, unit) in OIDC_USERS.items()},
        "unverified": OIDC_UNVERIFIED,
        "client": {
            "id": OIDC_CLIENT_ID,
            "secret": OIDC_CLIENT_SECRET,
            "redirect_uri": OIDC_REDIRECT_URI,
        },
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "accounts.tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(root / "provider.sqlite3"),
        "OIDC_PROVIDER_SEED": json.dumps(seed),
        "OIDC_PROVIDER_RSA_KEY": _rsa_key(),
    }
    env.pop("DATABASE_URL", None)
    log = (root / "provider.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "accounts.tests.oidc_provider.serve"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode().strip()
        if not line.startswith("ready "):
            process.wait(timeout=10)
            raise RuntimeError(
                "the OIDC provider did not start:\n"
                + (root / "provider.log").read_text(errors="replace")
            )
        base = f"http://127.0.0.1:{line.split()[1]}"
        yield OidcProvider(
            base=base,
            env={
                "OIDC_RP_CLIENT_ID": OIDC_CLIENT_ID,
                "OIDC_RP_CLIENT_SECRET": OIDC_CLIENT_SECRET,
                "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{base}/o/authorize/",
                "OIDC_OP_TOKEN_ENDPOINT": f"{base}/o/token/",
                "OIDC_OP_USER_ENDPOINT": f"{base}/o/userinfo/",
                "OIDC_OP_JWKS_ENDPOINT": f"{base}/o/.well-known/jwks.json",
                "OIDC_PROVIDER_NAME": "ThaiID ทดสอบ",
                "OIDC_DEPARTMENT_CODE": "onep",
            },
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
