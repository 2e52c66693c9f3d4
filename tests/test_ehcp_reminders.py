"""Reminders: 7 days before, on the day and overdue, to whoever must act; each sent exactly once whether
the sweep is re-run, two sweeps run at once, or a worker dies part way through."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db import connection

from ehcp import reminders, tasks
from ehcp.models import Deadline, Reminder
from partnerships import rls

from . import ehcp_journey as journey
from .mail_backends import DiesOnThirdMessage, WorkerKilled

RECEIVED = date(2026, 1, 5)  # decision whether to assess due Monday 16 February 2026


def _sweep_on(day: date):
    with time_machine.travel(day, tick=False):
        return reminders.sweep()


def _references() -> list[str]:
    return [m.extra_headers["X-Notify-Reference"] for m in mail.outbox]


@pytest.mark.django_db
def test_reminders_go_7_days_before_on_the_day_and_when_overdue_each_once(north):
    with time_machine.travel(RECEIVED, tick=False):
        request = journey.received(north)
    caseworker = north.people["caseworker"]
    assert request.caseworker == caseworker

    _sweep_on(date(2026, 2, 8))  # more than 7 days before: nothing
    assert mail.outbox == []
    _sweep_on(date(2026, 2, 9))
    _sweep_on(date(2026, 2, 9))  # a re-run sends nothing again
    _sweep_on(date(2026, 2, 12))
    assert [m.subject for m in mail.outbox] == [
        f"Decision on whether to assess is due in 7 days (case {request.pk})"
    ]
    assert mail.outbox[0].to == [caseworker.email]
    assert "Monday 16 February 2026" in mail.outbox[0].body
    assert "Riley" not in mail.outbox[0].body  # only initials leave the service by email

    _sweep_on(date(2026, 2, 16))
    assert mail.outbox[-1].subject == f"Decision on whether to assess is due today (case {request.pk})"
    result = _sweep_on(date(2026, 2, 17))
    assert result.marked_missed == 1
    assert mail.outbox[-1].subject == f"Decision on whether to assess is overdue (case {request.pk})"
    _sweep_on(date(2026, 2, 18))
    assert len(mail.outbox) == 3
    assert len(set(_references())) == 3
    assert request.deadlines.get(code="decide_whether_to_assess").status == Deadline.Status.MISSED


@pytest.mark.django_db
def test_reminders_go_to_whoever_must_act(north):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        request = journey.at_stage(north, "draft_plan", received_on=RECEIVED)
    # Comments are due Monday 16 March 2026 (the family); the advice was already given.
    _sweep_on(date(2026, 3, 9))
    family = [m for m in mail.outbox if "Comments" in m.subject or "comments" in m.subject]
    assert family and {tuple(m.to) for m in family} == {(north.people["parent"].email,)}
    assert all(f"case {request.pk}" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_advice_reminders_go_to_the_setting_the_icb_and_social_care(north):
    with time_machine.travel(date(2026, 2, 2), tick=False):
        journey.at_stage(north, "advice_requested", received_on=RECEIVED)
    # Advice asked for on 2 February 2026 is due Monday 16 March 2026 (reg 8).
    _sweep_on(date(2026, 3, 9))
    recipients = {m.to[0] for m in mail.outbox if m.subject.startswith("Advice")}
    assert recipients == {north.people[p].email for p in ("senco", "headteacher", "health", "social_care")}


@pytest.mark.django_db
def test_the_celery_task_runs_the_sweep_with_the_fence_lifted(north):
    with time_machine.travel(RECEIVED, tick=False):
        journey.received(north)
    rls.clear()  # as a worker starts: no tenant
    with time_machine.travel(date(2026, 2, 9), tick=False):
        result = tasks.sweep_deadlines.delay().get()
    assert result["sent"] == 1
    rls._set("", "on")


@pytest.mark.django_db
def test_a_worker_killed_halfway_leaves_the_rest_for_the_next_sweep_and_sends_nothing_twice(north, settings):
    with time_machine.travel(RECEIVED, tick=False):
        for child in ("pupil", "ap_pupil", "unlinked"):
            journey.received(north, child=child)
            journey.received(north, child=child)
    settings.EMAIL_BACKEND = "tests.mail_backends.DiesOnThirdMessage"
    DiesOnThirdMessage.calls = 0
    with pytest.raises(WorkerKilled):
        _sweep_on(date(2026, 2, 9))
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _sweep_on(date(2026, 2, 9))
    _sweep_on(date(2026, 2, 10))
    assert Reminder.objects.count() == 6
    assert sorted(_references()) == sorted(str(r.reference) for r in Reminder.objects.all())


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_exactly_once(north):
    with time_machine.travel(RECEIVED, tick=False):
        for _ in range(8):
            for child in ("pupil", "ap_pupil", "unlinked"):
                journey.received(north, child=child)
    barrier = threading.Barrier(3)
    errors = []

    def sweep_in_a_worker():
        try:
            with rls.system_scope():
                barrier.wait()
                reminders.sweep(today=date(2026, 2, 9))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    with time_machine.travel(date(2026, 2, 9), tick=False):
        workers = [threading.Thread(target=sweep_in_a_worker) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
    assert errors == []
    references = _references()
    assert len(references) == 24
    assert len(set(references)) == 24
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 24


@pytest.mark.django_db(transaction=True)
def test_a_sweep_process_killed_with_sigkill_mid_send_loses_and_repeats_nothing(north, tmp_path):
    with time_machine.travel(RECEIVED, tick=False):
        for child in ("pupil", "ap_pupil", "unlinked"):
            journey.received(north, child=child)
            journey.received(north, child=child)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "send_system.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "STALLING_MAIL_DIR": str(outbox),
    }
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "settings.EMAIL_BACKEND = 'tests.mail_backends.StallsOnThirdMessage'\n"
        "import datetime, time_machine\n"
        "from partnerships import rls\n"
        "from ehcp import reminders\n"
        "with time_machine.travel(datetime.date(2026, 2, 9), tick=False), rls.system_scope():\n"
        "    reminders.sweep(today=datetime.date(2026, 2, 9))\n"
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", script], env=env, cwd=Path(__file__).resolve().parent.parent
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(outbox.iterdir())) < 2 and time.monotonic() < deadline:
            assert worker.poll() is None, "the sweep process ended before it could be killed"
            time.sleep(0.05)
        time.sleep(0.3)  # it is now hanging inside the third send
        assert len(list(outbox.iterdir())) == 2
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 2
    _sweep_on(date(2026, 2, 9))
    delivered = [p.name for p in outbox.iterdir()] + _references()
    assert len(delivered) == 6
    assert sorted(delivered) == sorted(str(r.reference) for r in Reminder.objects.all())
