"""API twin of the national SEND standards pages (under /api/v1/). Reads are public; writes are the DfE
national administrator's (403 for anyone else); bad input is a 400 with field errors; a published version
is never changed (400)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import policy, selectors_standards, services_standards
from .models import Standard, StandardsVersion
from .views_standards import NOT_STATUTORY

PARTNER_HELP = "education, health or social_care"


class StandardSerializer(serializers.ModelSerializer):
    responsible_partner = serializers.CharField(read_only=True, help_text=PARTNER_HELP)

    class Meta:
        model = Standard
        fields = [
            "code",
            "area_of_need",
            "tier",
            "title",
            "expected_provision",
            "responsible_partner",
            "source",
            "source_url",
            "position",
        ]


class StandardWriteSerializer(serializers.Serializer):
    area_of_need = serializers.ChoiceField(choices=Standard.AreaOfNeed.choices)
    tier = serializers.ChoiceField(choices=Standard.Tier.choices)
    title = serializers.CharField(max_length=200)
    expected_provision = serializers.CharField()
    responsible_partner = serializers.CharField(max_length=12, help_text=PARTNER_HELP)
    source = serializers.CharField(max_length=300)
    source_url = serializers.URLField(max_length=400, required=False, allow_blank=True, default="")


class StandardCreateSerializer(StandardWriteSerializer):
    code = serializers.SlugField(max_length=40)


class VersionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="draft or published")

    class Meta:
        model = StandardsVersion
        fields = ["number", "title", "status", "effective_from", "summary_of_changes", "published_at"]


class VersionDetailSerializer(VersionSerializer):
    standards = StandardSerializer(many=True, read_only=True)
    statutory_status = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "statutory_status", "standards"]

    def get_statutory_status(self, version) -> str:
        return NOT_STATUTORY


class ChangeSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    fields = serializers.ListField(child=serializers.CharField())
    before = StandardSerializer(allow_null=True)
    after = StandardSerializer(allow_null=True)


class DraftStartSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DraftUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary_of_changes = serializers.CharField(allow_blank=True, max_length=10000)


class PublishSerializer(serializers.Serializer):
    effective_from = serializers.DateField(required=False, allow_null=True)


def _version(request, number: int) -> StandardsVersion:
    version = StandardsVersion.objects.filter(number=number).prefetch_related("standards").first()
    if version is None or (
        version.status == StandardsVersion.Status.DRAFT and not policy.can_edit_standards(request.user)
    ):
        raise Http404("No such version of the national standards")
    return version


class CurrentStandardsApi(APIView):
    """The current published version of the national SEND standards, with its standards."""

    permission_classes = [AllowAny]

    @extend_schema(responses=VersionDetailSerializer)
    def get(self, request, version=None):
        current = selectors_standards.current_version()
        if current is None:
            raise Http404("No version of the standards is published yet")
        return Response(VersionDetailSerializer(current).data)


class StandardsVersionListApi(APIView):
    """Every published version (the national administrator also sees the draft); POST starts a draft."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(responses=VersionSerializer(many=True))
    def get(self, request, version=None):
        can_edit = policy.can_edit_standards(request.user)
        found = selectors_standards.all_versions() if can_edit else selectors_standards.published_versions()
        return Response(VersionSerializer(found, many=True).data)

    @extend_schema(request=DraftStartSerializer, responses={201: VersionDetailSerializer})
    def post(self, request, version=None):
        serializer = DraftStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = services_standards.standards_draft_start(
            actor=request.user, title=serializer.validated_data.get("title", "")
        )
        return Response(VersionDetailSerializer(draft).data, status=status.HTTP_201_CREATED)


class StandardsVersionApi(APIView):
    """One version with its standards (a draft: the national administrator only); PATCH a draft's title."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(responses=VersionDetailSerializer)
    def get(self, request, number: int, version=None):
        return Response(VersionDetailSerializer(_version(request, number)).data)

    @extend_schema(request=DraftUpdateSerializer, responses=VersionDetailSerializer)
    def patch(self, request, number: int, version=None):
        policy.require_standards_admin(request.user)
        found = _version(request, number)
        serializer = DraftUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        updated = services_standards.standards_draft_update(
            actor=request.user,
            version=found,
            title=data.get("title", found.title),
            summary_of_changes=data.get("summary_of_changes", found.summary_of_changes),
        )
        return Response(VersionDetailSerializer(updated).data)


class StandardsChangesApi(APIView):
    """What changed in a version, against the published version before it."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ChangeSerializer(many=True))
    def get(self, request, number: int, version=None):
        found = _version(request, number)
        previous = (
            StandardsVersion.objects.filter(number__lt=found.number, status=StandardsVersion.Status.PUBLISHED)
            .order_by("-number")
            .first()
        )
        changes = selectors_standards.changes_between(previous, found)
        return Response(ChangeSerializer(changes, many=True).data)


class StandardsPublishApi(APIView):
    """Publish a draft version with the day it applies from. It never changes afterwards."""

    @extend_schema(request=PublishSerializer, responses=VersionDetailSerializer)
    def post(self, request, number: int, version=None):
        policy.require_standards_admin(request.user)
        found = _version(request, number)
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        effective_from = serializer.validated_data.get("effective_from")
        published = services_standards.standards_publish(
            actor=request.user, version=found, effective_from=effective_from
        )
        return Response(VersionDetailSerializer(published).data)


class DraftStandardListApi(APIView):
    """Add a standard to a draft version."""

    @extend_schema(request=StandardCreateSerializer, responses={201: StandardSerializer})
    def post(self, request, number: int, version=None):
        policy.require_standards_admin(request.user)
        found = _version(request, number)
        serializer = StandardCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        code = data.pop("code")
        standard = services_standards.standard_save(
            actor=request.user, version=found, code=code, values=data, adding=True
        )
        return Response(StandardSerializer(standard).data, status=status.HTTP_201_CREATED)


class StandardApi(APIView):
    """One standard in a version; PATCH or DELETE it in a draft."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    def _standard(self, request, number, code):
        found = _version(request, number)
        standard = found.standards.filter(code=code).first()
        if standard is None:
            raise Http404("No such standard")
        return found, standard

    @extend_schema(responses=StandardSerializer)
    def get(self, request, number: int, code: str, version=None):
        _, standard = self._standard(request, number, code)
        return Response(StandardSerializer(standard).data)

    @extend_schema(request=StandardWriteSerializer, responses=StandardSerializer)
    def patch(self, request, number: int, code: str, version=None):
        policy.require_standards_admin(request.user)
        found, _ = self._standard(request, number, code)
        serializer = StandardWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        standard = services_standards.standard_save(
            actor=request.user, version=found, code=code, values=dict(serializer.validated_data)
        )
        return Response(StandardSerializer(standard).data)

    @extend_schema(responses={204: None})
    def delete(self, request, number: int, code: str, version=None):
        policy.require_standards_admin(request.user)
        found, _ = self._standard(request, number, code)
        services_standards.standard_remove(actor=request.user, version=found, code=code)
        return Response(status=status.HTTP_204_NO_CONTENT)
