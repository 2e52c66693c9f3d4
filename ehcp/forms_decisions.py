"""Forms for the LA's decisions and plan steps on a case. They shape input; the services decide what is
allowed. Dates are checked here as well (today or earlier, not before the step they follow) only so that
every problem shows at once, with a message naming the field; the services check them again.

Each form knows the case (``case=``) and maps the services' error keys to its own fields
(``service_fields``).
"""

import datetime

from django import forms
from django.utils import timezone

from partnerships.models import Setting
from partnerships.templatetags.govuk_extras import govuk_choices
from partnerships.widgets import GovukDateField
from placements import selectors_lists

from . import clock, selectors_decisions
from .models import AdviceRequest, AssessmentRequest, Deadline, Plan

DATE_HINT = "For example, 27 3 2026"


def long_date(value: datetime.date) -> str:
    return clock.long_date(value, weekday=False)


class CaseDateField(GovukDateField):
    """The date a step happened: a GOV.UK date input that starts at today."""

    def __init__(self, *, label: str, required: bool = True, help_text: str = DATE_HINT, **kwargs):
        kwargs.setdefault("initial", timezone.localdate if required else None)
        super().__init__(label=label, required=required, help_text=help_text, **kwargs)


class CaseForm(forms.Form):
    """A form about one case. ``date_fields`` maps each date field to the earliest date allowed and why."""

    service_fields: dict[str, str | None] = {}

    def __init__(self, *args, case: AssessmentRequest, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def earliest(self, field: str) -> tuple[datetime.date | None, str]:
        return None, ""

    def _check_date(self, field: str) -> None:
        value = self.cleaned_data.get(field)
        if not isinstance(value, datetime.date):
            return
        label = self.fields[field].label
        if value > timezone.localdate():
            self.add_error(field, f"{label} must be today or in the past")
            return
        earliest, why = self.earliest(field)
        if earliest is not None and value < earliest:
            self.add_error(field, f"{label} must be on or after {long_date(earliest)}, {why}")

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, GovukDateField):
                self._check_date(name)
        return cleaned

    def service_field(self, key: str) -> str | None:
        """The form field a service error key belongs to (None: the form as a whole)."""
        if key in self.service_fields:
            return self.service_fields[key]
        return key if key in self.fields else None


def radio_options(field: forms.BoundField, hints: dict[str, str]) -> list[dict]:
    """The GOV.UK radios of a field, each with the id the error summary links to and its own hint."""
    options = govuk_choices(field)
    for option in options:
        option["hint"] = hints.get(option["value"], "")
    return options


# 1. Whether to assess (reg 5) ------------------------------------------------------------------------------


class DecideAssessForm(CaseForm):
    decision = forms.ChoiceField(
        label="Will the local authority carry out an EHC needs assessment?",
        choices=[
            (AssessmentRequest.AssessDecision.ASSESS, "Yes, carry out an EHC needs assessment"),
            (AssessmentRequest.AssessDecision.NOT_ASSESS, "No, do not carry out an assessment"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to carry out an EHC needs assessment",
            "invalid_choice": "Choose whether to carry out an EHC needs assessment",
        },
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text=(
            "Say how the legal test in section 36(8) of the Children and Families Act 2014 is or is not met. "
            "If you decide not to assess, these reasons are given to the family in the decision letter."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the reasons for the decision"},
    )
    decided_on = CaseDateField(
        label="Date of the decision", error_messages={"required": "Enter the date of the decision"}
    )

    def earliest(self, field):
        return self.case.received_on, "the day the request was received"


# 2. Asking for advice (regs 6 and 8) ------------------------------------------------------------------------

ADVICE_TYPE_HINTS = {
    AdviceRequest.AdviceType.EDUCATIONAL: "From the head teacher or principal of the child's school or setting.",
    AdviceRequest.AdviceType.PSYCHOLOGICAL: "From an educational psychologist: name them below.",
    AdviceRequest.AdviceType.HEALTH: "From a health care professional identified by the integrated care board.",
    AdviceRequest.AdviceType.SOCIAL_CARE: (
        "From the partnership's social care team, or a social care professional you name below."
    ),
    AdviceRequest.AdviceType.PREPARING_FOR_ADULTHOOD: (
        "From Year 9 onwards: preparing for adulthood and independent living. Name the adviser below."
    ),
    AdviceRequest.AdviceType.FAMILY_REQUESTED: (
        "From someone the parent or young person reasonably asked for. Name them below."
    ),
    AdviceRequest.AdviceType.OTHER: "From anyone else the local authority thinks appropriate. Name them below.",
}
NAMED_ADVICE_TYPES = (
    AdviceRequest.AdviceType.PSYCHOLOGICAL,
    AdviceRequest.AdviceType.PREPARING_FOR_ADULTHOOD,
    AdviceRequest.AdviceType.FAMILY_REQUESTED,
    AdviceRequest.AdviceType.OTHER,
)


def advice_recipient_errors(*, kind, setting, icb, adviser, adviser_name: str) -> dict[str, str]:
    """Who must be chosen for each kind of advice (shared by the page and the API)."""
    errors = {}
    if adviser is not None and adviser_name.strip():
        errors["adviser_name"] = "Choose a named adviser or enter a name, not both"
    if kind == AdviceRequest.AdviceType.EDUCATIONAL and setting is None:
        errors["setting"] = "Choose the school or setting that is to give educational advice"
    elif kind == AdviceRequest.AdviceType.HEALTH and icb is None:
        errors["icb"] = "Choose the integrated care board that is to give health advice"
    elif kind in NAMED_ADVICE_TYPES and adviser is None and not adviser_name.strip():
        errors["adviser"] = "Choose the adviser or enter their name"
    return errors


def advice_recipient(*, kind, setting, icb, adviser, adviser_name: str) -> dict:
    """The service's arguments for who answers: it depends on the kind of advice."""
    if kind == AdviceRequest.AdviceType.EDUCATIONAL:
        return {"setting": setting}
    if kind == AdviceRequest.AdviceType.HEALTH:
        return {"icb": icb}
    return {"adviser": adviser, "adviser_name": adviser_name.strip()}


class AdviserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class SettingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_setting_type_display()})"


class AdviceRequestForm(CaseForm):
    service_fields = {"setting": "setting", "icb": "icb"}

    advice_type = forms.ChoiceField(
        label="What kind of advice are you asking for?",
        choices=AdviceRequest.AdviceType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of advice",
            "invalid_choice": "Choose the kind of advice",
        },
    )
    setting = SettingChoiceField(
        label="School or setting giving educational advice",
        help_text="For educational advice only.",
        queryset=Setting.objects.none(),
        required=False,
        empty_label="Choose a school or setting",
        error_messages={"invalid_choice": "Choose a school or setting from the list"},
    )
    icb = forms.ModelChoiceField(
        label="Integrated care board giving health advice",
        help_text="For health advice only.",
        queryset=None,
        required=False,
        empty_label="Choose an integrated care board",
        error_messages={"invalid_choice": "Choose an integrated care board from the list"},
    )
    adviser = AdviserChoiceField(
        label="Named adviser",
        help_text=(
            "People who can see this child's record. For social care advice, leave this blank to ask the "
            "partnership's social care team."
        ),
        queryset=None,
        required=False,
        empty_label="Choose a person",
        error_messages={"invalid_choice": "Choose an adviser from the list"},
    )
    adviser_name = forms.CharField(
        label="Or enter the adviser's name",
        help_text="If they do not use this service. Include their role, for example: Dr Ali Khan, educational psychologist.",
        max_length=150,
        required=False,
        error_messages={"max_length": "The adviser's name must be 150 characters or fewer"},
    )
    questions = forms.CharField(
        label="What do you want advice on?",
        help_text="The questions for the adviser, and any papers they should read.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    requested_on = CaseDateField(
        label="Date the adviser received the request",
        help_text=f"They have 6 weeks from this day to give their advice (regulation 8). {DATE_HINT}",
        error_messages={"required": "Enter the date the adviser received the request"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["setting"].queryset = selectors_decisions.partnership_settings(
            partnership_id=case.partnership_id
        )
        self.fields["icb"].queryset = selectors_decisions.partnership_icbs(partnership_id=case.partnership_id)
        self.fields["adviser"].queryset = selectors_decisions.advisers_for(request=case)
        child = case.child
        if child is not None and child.current_setting_id:
            self.fields["setting"].initial = child.current_setting_id
        icbs = list(self.fields["icb"].queryset[:2])
        if len(icbs) == 1:
            self.fields["icb"].initial = icbs[0].pk

    def type_options(self) -> list[dict]:
        return radio_options(self["advice_type"], ADVICE_TYPE_HINTS)

    def earliest(self, field):
        return self.case.assess_decided_on or self.case.received_on, "the day the decision to assess was made"

    def clean(self):
        cleaned = super().clean()
        errors = advice_recipient_errors(
            kind=cleaned.get("advice_type"),
            setting=cleaned.get("setting"),
            icb=cleaned.get("icb"),
            adviser=cleaned.get("adviser"),
            adviser_name=cleaned.get("adviser_name") or "",
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "advice_type": data["advice_type"],
            "questions": data.get("questions", ""),
            "requested_on": data["requested_on"],
            **advice_recipient(
                kind=data["advice_type"],
                setting=data.get("setting"),
                icb=data.get("icb"),
                adviser=data.get("adviser"),
                adviser_name=data.get("adviser_name") or "",
            ),
        }


# 3. Whether to issue a plan (reg 10) -------------------------------------------------------------------------


class DecideIssueForm(CaseForm):
    decision = forms.ChoiceField(
        label="Will the local authority issue an EHC plan?",
        choices=[
            (AssessmentRequest.IssueDecision.ISSUE, "Yes, issue an EHC plan (a draft plan comes next)"),
            (AssessmentRequest.IssueDecision.NOT_ISSUE, "No, do not issue an EHC plan"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to issue an EHC plan",
            "invalid_choice": "Choose whether to issue an EHC plan",
        },
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="If you decide not to issue a plan, these reasons are given to the family in the decision letter.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the reasons for the decision"},
    )
    decided_on = CaseDateField(
        label="Date of the decision", error_messages={"required": "Enter the date of the decision"}
    )

    def earliest(self, field):
        return self.case.assess_decided_on, "the day the decision to assess was made"


# 4. Serving the draft plan (reg 13(1)) -----------------------------------------------------------------------


class DraftPlanForm(CaseForm):
    """Serve the draft written in the plan editor; the sections it needs are checked by the service."""

    served_on = CaseDateField(
        label="Date the draft plan is served",
        help_text=f"The day it is sent to the family. {DATE_HINT}",
        error_messages={"required": "Enter the date the draft plan is served"},
    )

    def earliest(self, field):
        return self.case.issue_decided_on, "the day the decision to issue a plan was made"


# 5. Consulting a setting (CFA ss.39 and 40) ------------------------------------------------------------------


class ConsultForm(CaseForm):
    setting = SettingChoiceField(
        label="Which school or setting are you consulting?",
        help_text="It is asked whether it can meet the child's needs, and should reply within 15 days.",
        queryset=Setting.objects.none(),
        empty_label="Choose a school or setting",
        error_messages={
            "required": "Choose the school or setting to consult",
            "invalid_choice": "Choose a school or setting from the list",
        },
    )
    sent_on = CaseDateField(
        label="Date the consultation is sent",
        error_messages={"required": "Enter the date the consultation is sent"},
    )

    def __init__(self, *args, case, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, case=case, **kwargs)
        self.fields["setting"].queryset = selectors_decisions.partnership_settings(
            partnership_id=case.partnership_id
        ).exclude(plan_consultations__plan=plan)
        preferred = plan.preferred_setting_id
        if preferred and self.fields["setting"].queryset.filter(pk=preferred).exists():
            self.fields["setting"].initial = preferred

    def earliest(self, field):
        return self.plan.draft_issued_on, "the day the draft plan was served"


# 6. The final plan (reg 13(2)) -------------------------------------------------------------------------------


SETTING_TYPE_ERROR = "Enter the type of school, college or other institution for section I"


class FinalPlanForm(CaseForm):
    named_setting = SettingChoiceField(
        label="School or setting named in the plan",
        help_text="Leave this blank only if the plan gives just the type of setting.",
        queryset=Setting.objects.none(),
        required=False,
        empty_label="No setting named (type of setting only)",
        error_messages={"invalid_choice": "Choose a school or setting from the list"},
    )
    setting_type = forms.CharField(
        label="Type of school, college or other institution",
        help_text='Section I gives the type, for example "Mainstream primary school", and the name of any '
        "setting named.",
        max_length=200,
        error_messages={"required": SETTING_TYPE_ERROR},
    )
    issued_on = CaseDateField(
        label="Date the final plan is issued",
        error_messages={"required": "Enter the date the final plan is issued"},
    )

    def __init__(self, *args, case, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, case=case, **kwargs)
        self.fields["named_setting"].queryset = selectors_decisions.partnership_settings(
            partnership_id=case.partnership_id
        )
        preferred = plan.preferred_setting
        if preferred is not None:
            self.fields["named_setting"].initial = preferred.pk
            self.fields["setting_type"].initial = preferred.get_setting_type_display()
        # The naming decision (placements, docs/adr/0016) puts its setting and type in section I; a setting
        # of another area named there is offered too.
        decision = selectors_lists.latest_decision(plan)
        if decision is not None:
            self.fields["named_setting"].initial = decision.named_setting_id or ""
            self.fields["setting_type"].initial = decision.setting_type
            if decision.named_setting_id:
                self.fields["named_setting"].queryset = self.fields[
                    "named_setting"
                ].queryset | Setting.objects.filter(pk=decision.named_setting_id)

    def earliest(self, field):
        return self.plan.draft_issued_on, "the day the draft plan was served"


# 7. An exception to a time limit (regs 5(4), 8(2), 10(4), 13(3)) ---------------------------------------------


def ground_label(code: str) -> str:
    return code.replace("_", " ").capitalize()


class DeadlineChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Deadline):
        title = obj.title
        if obj.advice_request_id:
            title = obj.advice_request.get_advice_type_display()
        elif obj.consultation_id:
            title = f"{obj.title} ({obj.consultation.setting.name})"
        text = f"{title}: due by {clock.long_date(obj.due_on)} ({obj.plain_basis})"
        if obj.status == Deadline.Status.MISSED:
            text += ", missed"
        return text


class ExceptionForm(CaseForm):
    service_fields = {"file": "evidence", "ground": "ground", "deadlines": "deadlines"}

    ground = forms.ChoiceField(
        label="Why can the time limit not be met?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the reason the time limit cannot be met",
            "invalid_choice": "Choose the reason the time limit cannot be met",
        },
    )
    starts_on = CaseDateField(
        label="Date the circumstances began",
        error_messages={"required": "Enter the date the circumstances began"},
    )
    ends_on = CaseDateField(
        label="Date the circumstances ended",
        required=False,
        help_text=f"Leave this blank if they have not ended yet. {DATE_HINT}",
    )
    details = forms.CharField(
        label="What happened, and why did it make the time limit impractical?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what happened and why it made the time limit impractical"},
    )
    evidence = forms.FileField(
        label="Evidence",
        help_text="For example a letter or email. A PDF, Word document, OpenDocument text, JPEG or PNG, up to 20MB.",
        required=False,
        widget=forms.FileInput,
        error_messages={"empty": "The selected file is empty"},
    )
    deadlines = DeadlineChoiceField(
        label="Which time limits does the exception affect?",
        help_text="Select all that apply.",
        queryset=Deadline.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the time limits this exception affects",
            "invalid_choice": "Choose time limits on this case",
            "invalid_pk_value": "Choose time limits on this case",
        },
    )

    def __init__(self, *args, case, deadlines, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.grounds = clock.exception_grounds(on=case.received_on or timezone.localdate())
        self.fields["ground"].choices = [(code, ground_label(code)) for code in self.grounds]
        self.fields["deadlines"].queryset = deadlines

    def ground_options(self) -> list[dict]:
        """Each ground with its description and the case's time limits it can apply to."""
        applies = selectors_decisions.grounds_by_deadline(list(self.fields["deadlines"].queryset))
        hints = {}
        for code, description in self.grounds.items():
            titles = sorted({d.title for d in applies.get(code, [])})
            where = (
                f"Can apply to: {', '.join(titles)}."
                if titles
                else "Does not apply to this case's open time limits."
            )
            hints[code] = f"{description}. {where}"
        return radio_options(self["ground"], hints)

    def earliest(self, field):
        if field == "ends_on":
            starts_on = self.cleaned_data.get("starts_on")
            if isinstance(starts_on, datetime.date):
                return starts_on, "the date the circumstances began"
            return None, ""
        return self.case.received_on, "the day the request was received"

    def _check_date(self, field):
        if field == "ends_on":
            # The circumstances may still be going on, or be known to end later: only the order is checked.
            value, earliest = self.cleaned_data.get("ends_on"), self.earliest("ends_on")[0]
            if isinstance(value, datetime.date) and earliest is not None and value < earliest:
                self.add_error(
                    "ends_on", "Date the circumstances ended must be on or after the date they began"
                )
            return
        super()._check_date(field)


# 8. Withdrawing the request ---------------------------------------------------------------------------------


class WithdrawForm(CaseForm):
    reason = forms.CharField(
        label="Why is the request being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter why the request is being withdrawn",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )
