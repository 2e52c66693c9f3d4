"""The public deadline calculator: anyone, signed in or not, can work out the statutory deadlines an
event starts. The form is sent by GET, so the page of results has a shareable address, and the page works
without JavaScript."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import clock
from .forms_calculator import DeadlineCalculatorForm

# What the form sends; any of them present means the person submitted it.
FORM_KEYS = ("event", "date_day", "date_month", "date_year")


def _query(request):
    """The query string, also accepting ``date=YYYY-MM-DD`` and ``certificate_date=YYYY-MM-DD`` (as the API
    takes them) for the date boxes."""
    query = request.GET.copy()
    for name in ("date", "certificate_date"):
        iso = query.get(name, "")
        if iso and not any(query.get(f"{name}_{part}") for part in ("day", "month", "year")):
            year, _, rest = iso.partition("-")
            month, _, day = rest.partition("-")
            parts = {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}
            # "2026-01-05" fills the boxes as a person would type it: 5, 1, 2026.
            query.update(
                {key: str(int(value)) if value.isdecimal() else value for key, value in parts.items()}
            )
    return query


@require_safe
def deadline_calculator(request):
    query = _query(request)
    submitted = any(key in query for key in FORM_KEYS)
    form = DeadlineCalculatorForm(query if submitted else None)
    context = {"form": form, "event_options": form.event_options()}
    if submitted and form.is_valid():
        deadlines = form.deadlines
        ruleset = form.ruleset
        ground_codes = []
        for deadline in deadlines:
            ground_codes.extend(g for g in deadline.rule.exception_grounds if g not in ground_codes)
        context["result"] = {
            "event": form.cleaned_data["event"],
            "event_description": clock.EVENTS[form.cleaned_data["event"]],
            "start": form.cleaned_data["date"],
            "start_text": clock.long_date(form.cleaned_data["date"]),
            "ruleset": ruleset,
            "deadlines": [
                {
                    "deadline": deadline,
                    "due_text": clock.long_date(deadline.due),
                    "who_acts": clock.WHO_ACTS[deadline.rule.who_acts],
                }
                for deadline in deadlines
            ],
            "guidance_only": [d for d in deadlines if d.rule.guidance_only],
            "grounds": [(code, ruleset.grounds[code]) for code in ground_codes],
        }
    return render(request, "ehcp/calculator.html", context)
