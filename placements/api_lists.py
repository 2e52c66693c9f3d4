"""API twins of the tailored list pages (mounted under /api/v1/; docs/adr/0016). Same policy and services as
the pages: 403 for DfE users and people the step is not for, 404 for a plan or setting that is not theirs,
400 with field errors for bad input. What a place costs is in the LA's responses only."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships import services as partnership_services
from partnerships.models import Setting
from partnerships.models.tenancy import SENNeed

from . import naming_rules, policy, selectors_lists, services_lists
from .models import PlacementRequest


def _plan(request, pk: int, require):
    plan = policy.open_plan(request.user, pk)
    require(request.user, plan)
    partnership_services.child_record_viewed(
        actor=request.user, child=plan.child, channel="api", path=request.path
    )
    return plan


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField(help_text="Plain English, as the family reads it")
    excludes = serializers.BooleanField(help_text="True when this reason leaves the setting off the list")


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    setting = serializers.IntegerField(source="setting_id")
    setting_name = serializers.CharField(source="setting.name")
    setting_urn = serializers.IntegerField(source="setting.urn", allow_null=True)
    category = serializers.CharField()
    group = serializers.CharField(help_text="mainstream, specialist or independent")
    included = serializers.BooleanField()
    is_full = serializers.BooleanField()
    out_of_area = serializers.BooleanField()
    distance_m = serializers.IntegerField(allow_null=True, help_text="In a straight line, in metres")
    reasons = ReasonSerializer(many=True)


class EntryWithCostSerializer(EntrySerializer):
    cost_per_year = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, help_text="For the local authority only (£ a year)"
    )


class TailoredListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    generated_at = serializers.DateTimeField()
    status = serializers.CharField()
    criteria = serializers.JSONField(help_text="Every input the list was generated from")
    notes = serializers.ListField(child=serializers.CharField())
    inclusion_plan_number = serializers.IntegerField(allow_null=True)
    entries = EntrySerializer(many=True, source="ordered_entries")


class TailoredListWithCostSerializer(TailoredListSerializer):
    entries = EntryWithCostSerializer(many=True, source="ordered_entries")


class TailoredListApi(APIView):
    """The child's current tailored list (the LA and the family; only the LA gets costs). POST: generate it
    (again) (the LA)."""

    @extend_schema(responses={200: TailoredListWithCostSerializer})
    def get(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_list_reader)
        tailored = selectors_lists.current_list(plan)
        if tailored is None:
            return Response(
                {"detail": "No tailored list has been generated yet"}, status=status.HTTP_404_NOT_FOUND
            )
        serializer = (
            TailoredListWithCostSerializer
            if policy.can_see_cost(request.user, plan)
            else TailoredListSerializer
        )
        return Response(serializer(tailored).data)

    @extend_schema(request=None, responses={201: TailoredListWithCostSerializer})
    def post(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_list_manager)
        services_lists.list_generate(actor=request.user, plan=plan)
        return Response(
            TailoredListWithCostSerializer(selectors_lists.current_list(plan)).data,
            status=status.HTTP_201_CREATED,
        )


class PreferenceSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    setting = serializers.IntegerField(source="setting_id")
    setting_name = serializers.CharField(source="setting.name")
    category = serializers.CharField()
    from_request = serializers.IntegerField(source="from_request_id", allow_null=True)
    reasons = serializers.CharField()


class PreferencesInputSerializer(serializers.Serializer):
    entries = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Entry ids of the current list, first preference first (null for no preference at a rank)",
    )
    reasons = serializers.CharField(required=False, allow_blank=True, default="")


class PreferencesApi(APIView):
    """The family's ranked preferences (read by the LA too). PUT: the family sets them from the list."""

    @extend_schema(responses={200: PreferenceSerializer(many=True)})
    def get(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_list_reader)
        return Response(PreferenceSerializer(selectors_lists.preferences(plan), many=True).data)

    @extend_schema(request=PreferencesInputSerializer, responses={200: PreferenceSerializer(many=True)})
    def put(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_family)
        data = PreferencesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services_lists.preferences_set(
            actor=request.user,
            plan=plan,
            entry_ids=data.validated_data["entries"],
            reasons=data.validated_data["reasons"],
        )
        return Response(PreferenceSerializer(selectors_lists.preferences(plan), many=True).data)


class PlacementRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    setting = serializers.IntegerField(source="setting_id", allow_null=True)
    setting_name = serializers.CharField()
    setting_urn = serializers.CharField(allow_blank=True)
    reasons = serializers.CharField()
    requested_at = serializers.DateTimeField()
    status = serializers.CharField()
    response_ground = serializers.CharField(allow_blank=True)
    response_ground_label = serializers.SerializerMethodField()
    response_reasons = serializers.CharField(allow_blank=True)
    responded_at = serializers.DateTimeField(allow_null=True)

    def get_response_ground_label(self, item) -> str:
        ground = naming_rules.grounds().get(item.response_ground)
        return ground.label if ground else ""


class PlacementRequestInputSerializer(serializers.Serializer):
    setting = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A register id"
    )
    setting_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    setting_urn = serializers.CharField(required=False, allow_blank=True, default="", max_length=10)
    reasons = serializers.CharField(allow_blank=True)


class PlacementRequestListApi(APIView):
    """Requests for settings not on the list (the family and the LA read them). POST: the family asks."""

    @extend_schema(responses={200: PlacementRequestSerializer(many=True)})
    def get(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_list_reader)
        return Response(PlacementRequestSerializer(selectors_lists.placement_requests(plan), many=True).data)

    @extend_schema(request=PlacementRequestInputSerializer, responses={201: PlacementRequestSerializer})
    def post(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_family)
        data = PlacementRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        setting = None
        if data.validated_data["setting"] is not None:
            setting = Setting.objects.filter(pk=data.validated_data["setting"], is_open=True).first()
            if setting is None:
                raise serializers.ValidationError({"setting": ["Choose a school or college on a register"]})
        created = services_lists.placement_request_make(
            actor=request.user,
            plan=plan,
            setting=setting,
            setting_name=data.validated_data["setting_name"],
            setting_urn=data.validated_data["setting_urn"],
            reasons=data.validated_data["reasons"],
        )
        return Response(PlacementRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class PlacementRequestAnswerApi(APIView):
    """The LA answers a request outside the list: agree to consult, or refuse with a legal ground."""

    class InputSerializer(serializers.Serializer):
        agree = serializers.BooleanField()
        ground = serializers.CharField(required=False, allow_blank=True, default="")
        reasons = serializers.CharField(allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: PlacementRequestSerializer})
    def post(self, request, pk: int, version=None):
        policy.refuse_aggregate(request.user)
        found = get_object_or_404(PlacementRequest.objects.select_related("plan"), pk=pk)
        plan = _plan(request, found.plan_id, policy.require_list_manager)
        found.plan = plan
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services_lists.placement_request_answer(
            actor=request.user, placement_request=found, **data.validated_data
        )
        return Response(PlacementRequestSerializer(found).data)


class ConsultationStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="consultation.pk")
    setting = serializers.IntegerField(source="setting.pk")
    setting_name = serializers.CharField(source="setting.name")
    sent_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    response = serializers.CharField(allow_blank=True)
    details = serializers.CharField(allow_blank=True)
    decline_ground = serializers.CharField(source="consultation.decline_ground", allow_blank=True)
    responded_at = serializers.DateTimeField(allow_null=True)


class PlacementConsultationsApi(APIView):
    """The consultations with the preferred settings: deadline and answer (the family and the LA). POST: the
    LA consults every preferred setting not consulted yet."""

    @extend_schema(responses={200: ConsultationStatusSerializer(many=True)})
    def get(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_list_reader)
        return Response(ConsultationStatusSerializer(selectors_lists.consultation_rows(plan), many=True).data)

    @extend_schema(request=None, responses={201: ConsultationStatusSerializer(many=True)})
    def post(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_list_manager)
        services_lists.consult_preferences(actor=request.user, plan=plan)
        return Response(
            ConsultationStatusSerializer(selectors_lists.consultation_rows(plan), many=True).data,
            status=status.HTTP_201_CREATED,
        )


class NamingDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    named_setting = serializers.IntegerField(source="named_setting_id", allow_null=True)
    category = serializers.CharField(allow_blank=True)
    setting_type = serializers.CharField()
    reasons = serializers.CharField()
    outcomes = serializers.JSONField(
        help_text="Per preference: rank, setting, named, ground, reasons, consultation"
    )
    unanswered_consultations = serializers.IntegerField()
    capacity_note = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField()


class NotNamedSerializer(serializers.Serializer):
    preference_rank = serializers.IntegerField()
    ground = serializers.CharField(allow_blank=True)
    reasons = serializers.CharField(allow_blank=True)


class NamingDecisionInputSerializer(serializers.Serializer):
    named_setting = serializers.IntegerField(
        allow_null=True, help_text="A preferred setting; null for type only"
    )
    category = serializers.CharField(required=False, allow_blank=True, default="")
    setting_type = serializers.CharField(allow_blank=True)
    reasons = serializers.CharField(allow_blank=True)
    not_named = NotNamedSerializer(many=True, required=False, default=list)


class NamingDecisionApi(APIView):
    """The LA's naming decision (latest); POST records a new one."""

    @extend_schema(responses={200: NamingDecisionSerializer})
    def get(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_list_manager)
        decision = selectors_lists.latest_decision(plan)
        if decision is None:
            return Response({"detail": "No naming decision yet"}, status=status.HTTP_404_NOT_FOUND)
        return Response(NamingDecisionSerializer(decision).data)

    @extend_schema(request=NamingDecisionInputSerializer, responses={201: NamingDecisionSerializer})
    def post(self, request, pk: int, version=None):
        plan = _plan(request, pk, policy.require_list_manager)
        data = NamingDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prefs = {p.rank: p for p in selectors_lists.preferences(plan)}
        named = None
        if data.validated_data["named_setting"] is not None:
            named = next(
                (p.setting for p in prefs.values() if p.setting_id == data.validated_data["named_setting"]),
                None,
            )
            if named is None:
                raise serializers.ValidationError(
                    {"named_setting": ["Choose one of the family's preferences"]}
                )
        not_named = {
            prefs[item["preference_rank"]].pk: {"ground": item["ground"], "reasons": item["reasons"]}
            for item in data.validated_data["not_named"]
            if item["preference_rank"] in prefs
        }
        decision = services_lists.naming_decide(
            actor=request.user,
            plan=plan,
            named_setting=named,
            category=data.validated_data["category"],
            setting_type=data.validated_data["setting_type"],
            reasons=data.validated_data["reasons"],
            not_named=not_named,
        )
        return Response(NamingDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class RegisterEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    urn = serializers.IntegerField(read_only=True, allow_null=True)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100000)
    pupils_on_roll = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100000)
    has_resourced_provision = serializers.BooleanField(required=False)
    resourced_provision_capacity = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    resourced_provision_on_roll = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    has_sen_unit = serializers.BooleanField(required=False)
    sen_unit_capacity = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    sen_unit_on_roll = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    need_types_served = serializers.ListField(
        child=serializers.ChoiceField(choices=SENNeed.choices), required=False
    )
    inclusion_offer = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    capacity_notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    capacity_updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class RegisterEntryApi(APIView):
    """A setting's own register entry: capacity, who is on roll, needs served, inclusion offer (its staff)."""

    @extend_schema(responses={200: RegisterEntrySerializer})
    def get(self, request, setting_id: int, version=None):
        return Response(
            RegisterEntrySerializer(policy.access_capacity_setting(request.user, setting_id)).data
        )

    @extend_schema(request=RegisterEntrySerializer, responses={200: RegisterEntrySerializer})
    def patch(self, request, setting_id: int, version=None):
        setting = policy.access_capacity_setting(request.user, setting_id)
        data = RegisterEntrySerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services_lists.capacity_update(
            actor=request.user, setting=setting, source="api", **data.validated_data
        )
        setting.refresh_from_db()
        return Response(RegisterEntrySerializer(setting).data)
