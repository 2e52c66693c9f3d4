"""``GET /api/v1/deadlines/calculate?event=EVENT&date=YYYY-MM-DD``: the public deadline calculator's API
twin. Anyone may call it; it reads no records, only the statutory rules (``ehcp.clock``)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import clock

EVENT_CHOICES = ", ".join(clock.EVENTS)
DATE_FORMAT_HELP = "in the format YYYY-MM-DD, for example 2026-01-05"
# Beyond this year the answer would mean little (and date arithmetic would overflow near 9999).
LATEST_YEAR = 2099


class _EventField(serializers.ChoiceField):
    """An event code; an empty value is reported as missing, not as an unknown event."""

    def to_internal_value(self, data):
        if data == "":
            self.fail("required")
        return super().to_internal_value(data)


class DeadlineCalculationSerializer(serializers.Serializer):
    """The query: what happened, and on which date."""

    event = _EventField(
        choices=list(clock.EVENTS.items()),
        help_text="What happened.",
        error_messages={
            "required": f"Enter an event. Choose one of: {EVENT_CHOICES}",
            "null": f"Enter an event. Choose one of: {EVENT_CHOICES}",
            "invalid_choice": f"Unknown event '{{input}}'. Choose one of: {EVENT_CHOICES}",
        },
    )
    date = serializers.DateField(
        input_formats=["%Y-%m-%d"],
        help_text=f"The date it happened, {DATE_FORMAT_HELP}.",
        error_messages={
            "required": f"Enter a date {DATE_FORMAT_HELP}",
            "null": f"Enter a date {DATE_FORMAT_HELP}",
            "invalid": f"Enter a real date {DATE_FORMAT_HELP}",
        },
    )

    certificate_date = serializers.DateField(
        input_formats=["%Y-%m-%d"],
        required=False,
        help_text=(
            "Only with `appealable_decision`: the date of the mediation certificate, "
            f"{DATE_FORMAT_HELP}. The appeal deadline is then the later of 2 months from the decision and "
            "1 month from the certificate."
        ),
        error_messages={"invalid": f"Enter a real date {DATE_FORMAT_HELP}"},
    )

    def validate_date(self, value):
        first = clock.rulesets()[0].applies_from
        if value < first:
            raise serializers.ValidationError(
                f"Enter a date on or after {first.isoformat()}, when the current rules began"
            )
        if value.year > LATEST_YEAR:
            raise serializers.ValidationError(f"Enter a date in {LATEST_YEAR} or earlier")
        return value

    def validate(self, attrs):
        inputs = {}
        if "certificate_date" in attrs:
            if not any(i.code == "certificate_date" for i in clock.event_inputs(attrs["event"])):
                raise serializers.ValidationError(
                    {"certificate_date": ["Only an appealable decision takes a certificate date"]}
                )
            inputs["certificate_date"] = attrs["certificate_date"]
        try:
            attrs["deadlines"] = clock.deadlines_for(attrs["event"], attrs["date"], inputs)
            attrs["ruleset"] = clock.ruleset_for(attrs["date"])
        except clock.BadInput as exc:
            raise serializers.ValidationError({exc.field: [str(exc)]}) from exc
        except clock.DateOutOfRange as exc:
            _, last = clock.bank_holiday_years()
            raise serializers.ValidationError(
                {
                    "date": [
                        f"Enter an earlier date: working days can only be counted to {last}-12-31, "
                        "because later bank holidays are not published yet"
                    ]
                }
            ) from exc
        return attrs


class CalculatedDeadlineSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The deadline's code, for example `decide_whether_to_assess`.")
    due = serializers.DateField(help_text="The last day allowed.")
    description = serializers.CharField(help_text="The deadline in plain English, with its legal basis.")
    legal_basis = serializers.CharField(
        help_text="The provision it comes from, for example `regulation 5(1)`."
    )


class DeadlineCalculationResultSerializer(serializers.Serializer):
    event = serializers.CharField(help_text="The event, as asked.")
    date = serializers.DateField(help_text="The date it happened, as asked.")
    rules_version = serializers.CharField(
        help_text="The version of the statutory rules in force on the date."
    )
    deadlines = CalculatedDeadlineSerializer(many=True)


class DeadlineCalculationErrorSerializer(serializers.Serializer):
    event = serializers.ListField(child=serializers.CharField(), required=False)
    date = serializers.ListField(child=serializers.CharField(), required=False)


class DeadlineCalculateApi(APIView):
    """Work out the statutory deadlines an event starts. No sign-in needed."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="deadlines_calculate",
        summary="Work out the statutory deadlines an event starts",
        description=(
            "The deadlines of the SEND system in England that follow an event on a date, under the "
            "statutory rules in force on that date. Public: no sign-in or token is needed."
        ),
        parameters=[DeadlineCalculationSerializer],
        responses={
            200: DeadlineCalculationResultSerializer,
            400: OpenApiResponse(
                DeadlineCalculationErrorSerializer,
                description="The event is unknown or missing, or the date is missing, not real or out of range.",
            ),
        },
        auth=[],
    )
    def get(self, request, version=None):
        query = DeadlineCalculationSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result = {
            "event": data["event"],
            "date": data["date"],
            "rules_version": data["ruleset"].version,
            "deadlines": [
                {
                    "code": d.code,
                    "due": d.due,
                    "description": d.description,
                    "legal_basis": d.legal_basis,
                }
                for d in data["deadlines"]
            ],
        }
        return Response(DeadlineCalculationResultSerializer(result).data)
