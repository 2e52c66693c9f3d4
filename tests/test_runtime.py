"""The runtime as a person meets it: ``make run`` from nothing, the production checks, docker compose.

The first test starts the launcher exactly as ``make run`` does, with no DATABASE_URL and no REDIS_URL,
so it exercises the embedded PostgreSQL and the filesystem Celery broker, on a fresh data folder.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import psycopg
import pytest
import yaml

from send_system.devserver import database_url

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parent.parent
START_TIMEOUT = 240
STOP_TIMEOUT = 90


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local http:// URL
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _launcher_environment(var_dir: Path, port: int) -> dict[str, str]:
    """The environment of a fresh clone: no database, no Redis, no test settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(SEND_VAR_DIR=str(var_dir), PORT=str(port))
    return env


def _postmaster_pid(pgdata: Path) -> int | None:
    pid_file = pgdata / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


def _gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _kill_everything(launcher: subprocess.Popen, processes: list[psutil.Process]) -> None:
    """Leave nothing running if the test failed half-way."""
    if launcher.poll() is None:
        launcher.kill()
        launcher.wait()
    for process in processes:
        if not _gone(process):
            process.kill()


def _wait_for(condition, timeout: float, launcher: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if launcher.poll() is not None:
            pytest.fail(
                f"The launcher exited ({launcher.returncode}) before {what}:\n{log.read_text()[-6000:]}"
            )
        time.sleep(1)
    pytest.fail(f"Timed out after {timeout}s waiting for {what}:\n{log.read_text()[-6000:]}")


def test_make_run_serves_the_service_from_a_fresh_clone(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("var")
    log = var_dir / "launcher.log"
    port = _free_port()
    env = _launcher_environment(var_dir, port)
    base = f"http://127.0.0.1:{port}"
    processes: list[psutil.Process] = []

    with log.open("w") as output:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "send_system.devserver", "run"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(
            lambda: _status(f"{base}/") == 200 and _status(f"{base}/sign-in/") == 200,
            START_TIMEOUT,
            launcher,
            log,
            "HTTP 200 from / and /sign-in/",
        )

        # The web server, a Celery worker and Celery beat run under the launcher; PostgreSQL beside it.
        children = psutil.Process(launcher.pid).children(recursive=True)
        command_lines = [" ".join(child.cmdline()) for child in children]
        assert any("gunicorn" in line for line in command_lines), command_lines
        assert any("celery" in line and " worker" in line for line in command_lines), command_lines
        assert any("celery" in line and " beat" in line for line in command_lines), command_lines
        pgdata = var_dir / "pgdata"
        postmaster = psutil.Process(_postmaster_pid(pgdata))
        processes = [*children, postmaster]

        # The application role may not sidestep row-level security.
        socket_dir = str(pgdata)
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres") as conn:
            role = conn.execute(
                "SELECT rolsuper, rolbypassrls, rolcreatedb FROM pg_roles WHERE rolname = 'send_app'"
            ).fetchone()
            owner = conn.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'send'"
            ).fetchone()
        assert role == (False, False, True)
        assert owner == ("send_app",)

        # A task sent through the filesystem broker is consumed by the worker.
        token = secrets.token_hex(8)
        sent = subprocess.run(
            [
                sys.executable, "-m", "send_system.devserver", "exec", "--",
                sys.executable, "-m", "celery", "-A", "send_system", "call",
                "send_system.tasks.write_probe", "--args", json.dumps([token]),
            ],
            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert sent.returncode == 0, sent.stdout + sent.stderr
        probe = var_dir / "probes" / token
        _wait_for(probe.exists, 60, launcher, log, "the worker to consume the probe task")
        assert list(var_dir.glob("celerybeat-schedule*")), "beat has not written its schedule"

        # Given a superuser's DATABASE_URL, the launcher hands its children the application role.
        superuser = database_url(user="postgres", password="", host=socket_dir, port=5432, name="postgres")
        handed = subprocess.run(
            [
                sys.executable, "-m", "send_system.devserver", "exec", "--",
                sys.executable, "-c", "import os; print(os.environ['DATABASE_URL'])",
            ],
            cwd=BASE_DIR, env={**env, "DATABASE_URL": superuser}, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert handed.returncode == 0, handed.stderr
        assert handed.stdout.strip() == database_url(
            user="send_app", password="send_app", host=socket_dir, port=5432, name="send"
        )

        # Ctrl-C stops web, worker, beat and then the database, and the launcher exits cleanly.
        launcher.send_signal(signal.SIGINT)
        assert launcher.wait(timeout=STOP_TIMEOUT) == 0, log.read_text()[-6000:]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(_gone(process) for process in processes):
            time.sleep(0.5)
        left = [process for process in processes if not _gone(process)]
        assert not left, f"still running after Ctrl-C: {left}"
        assert _status(f"{base}/") is None
    finally:
        _kill_everything(launcher, processes)


def test_production_settings_pass_the_deployment_checks():
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "send_system.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "send.example.gov.uk",
        "DATABASE_URL": "postgres://send_app:not-used@db.example.gov.uk:5432/send",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _compose_cli() -> list[str] | None:
    """``docker compose`` (v2 plugin) or ``docker-compose``, if either works here; no engine is needed."""
    candidates = [["docker", "compose"], ["docker-compose"]]
    for command in candidates:
        if shutil.which(command[0]) is None:
            continue
        version = subprocess.run([*command, "version"], capture_output=True, text=True, timeout=60)
        if version.returncode == 0:
            return command
    return None


def test_docker_compose_file_is_valid():
    compose_file = BASE_DIR / "docker-compose.yml"
    config = yaml.safe_load(compose_file.read_text())
    services = config["services"]
    assert set(services) >= {"web", "worker", "beat", "postgres", "redis"}
    for name in ("web", "worker", "beat", "postgres", "redis"):
        assert "healthcheck" in services[name], f"{name} has no health check"
    for name in ("web", "worker", "beat"):
        conditions = services[name]["depends_on"]
        assert conditions["postgres"]["condition"] == "service_healthy"
        assert conditions["redis"]["condition"] == "service_healthy"
    postgres_major = int(services["postgres"]["image"].split(":")[1].split(".")[0].split("-")[0])
    assert postgres_major >= 16

    cli = _compose_cli()
    if cli is None:
        return
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(64)}
    result = subprocess.run(
        [*cli, "-f", str(compose_file), "config", "--quiet"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
