"""API twins of the partnerships pages. Each view validates input, calls one selector or service,
and applies the same access policy as the pages (404 for records outside a person's reach, 403 for
roles that never see children)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import policy, selectors, services
from ..models import Child, LocalAuthority, Partnership, Region, Setting, User
from ..policy import AccessDenied
from ..roles import STAFF_ROLES


def _get_child(request, child_id: int) -> Child:
    try:
        return selectors.child_get(user=request.user, child_id=child_id)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


class ChildOutputSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    home_local_authority = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)
    current_setting = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Child
        fields = ["id", "partnership", *services.CHILD_EDITABLE_FIELDS, "created_at", "updated_at"]


class ChildInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    preferred_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = serializers.DateField()
    upn = serializers.CharField(max_length=13, required=False, allow_blank=True)
    nhs_number = serializers.CharField(max_length=12, required=False, allow_blank=True)
    home_local_authority = serializers.SlugRelatedField(
        slug_field="ons_code", queryset=LocalAuthority.objects.filter(status=LocalAuthority.Status.LIVE)
    )
    current_setting = serializers.PrimaryKeyRelatedField(
        queryset=Setting.objects.all(), required=False, allow_null=True
    )


class ChildListApi(APIView):
    """Children the signed-in person may see; caseworkers may add one."""

    class FilterSerializer(serializers.Serializer):
        search = serializers.CharField(required=False, max_length=100, allow_blank=True)
        setting = serializers.IntegerField(required=False, min_value=1)

    class ChildCreateInputSerializer(ChildInputSerializer):
        partnership = serializers.SlugRelatedField(slug_field="slug", queryset=Partnership.objects.all())

    @extend_schema(parameters=[FilterSerializer], responses=ChildOutputSerializer(many=True))
    def get(self, request, version=None):
        if policy.actor_for(request.user).is_aggregate_only:
            raise PermissionDenied("DfE regional and national users see aggregates, not children's records")
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = selectors.child_list(
            user=request.user,
            search=filters.validated_data.get("search", ""),
            setting_id=filters.validated_data.get("setting"),
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ChildOutputSerializer(page, many=True).data)

    @extend_schema(request=ChildCreateInputSerializer, responses={201: ChildOutputSerializer})
    def post(self, request, version=None):
        serializer = self.ChildCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        partnership = data.pop("partnership")
        if not policy.can_create_child(request.user, partnership):
            raise PermissionDenied("Only the partnership's caseworkers and SEND managers can add a child")
        if data.get("current_setting") and data["current_setting"].partnership_id != partnership.pk:
            raise serializers.ValidationError({"current_setting": ["Choose a setting in this partnership"]})
        child = services.child_create(actor=request.user, partnership=partnership, **data)
        return Response(ChildOutputSerializer(child).data, status=status.HTTP_201_CREATED)


class ChildDetailApi(APIView):
    """One child's record: read (logged), change, delete."""

    class ChildUpdateInputSerializer(ChildInputSerializer):
        pass

    @extend_schema(responses=ChildOutputSerializer)
    def get(self, request, child_id: int, version=None):
        child = _get_child(request, child_id)
        services.child_record_viewed(actor=request.user, child=child, channel="api", path=request.path)
        return Response(ChildOutputSerializer(child).data)

    @extend_schema(request=ChildUpdateInputSerializer, responses=ChildOutputSerializer)
    def patch(self, request, child_id: int, version=None):
        child = _get_child(request, child_id)
        if not policy.can_edit_child(request.user, child):
            raise PermissionDenied(
                "Only the partnership's caseworkers and SEND managers can change this record"
            )
        serializer = self.ChildUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("current_setting") and data["current_setting"].partnership_id != child.partnership_id:
            raise serializers.ValidationError({"current_setting": ["Choose a setting in this partnership"]})
        child, _ = services.child_update(actor=request.user, child=child, data=data)
        return Response(ChildOutputSerializer(child).data)

    @extend_schema(responses={204: None})
    def delete(self, request, child_id: int, version=None):
        child = _get_child(request, child_id)
        if not policy.can_delete_child(request.user, child):
            raise PermissionDenied("Only a SEND manager or support administrator can delete a record")
        services.child_delete(actor=request.user, child=child)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChildShareApi(APIView):
    """Share a child's record with an invited professional until a date."""

    class ChildShareInputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        expires_at = serializers.DateTimeField()
        reason = serializers.CharField(max_length=300)

        def validate_email(self, value):
            user = User.objects.filter(email=value.lower(), is_active=True).first()
            if (
                user is None
                or not user.memberships.filter(is_active=True, role__in=list(STAFF_ROLES)).exists()
            ):
                raise serializers.ValidationError(
                    "There is no professional with an account for this email address"
                )
            return user

    class ChildShareOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        child = serializers.IntegerField(source="child_id")
        email = serializers.EmailField(source="user.email")
        expires_at = serializers.DateTimeField()
        reason = serializers.CharField()

    @extend_schema(request=ChildShareInputSerializer, responses={201: ChildShareOutputSerializer})
    def post(self, request, child_id: int, version=None):
        child = _get_child(request, child_id)
        if not policy.can_share_child(request.user, child):
            raise PermissionDenied(
                "Only the partnership's caseworkers and SEND managers can share this record"
            )
        serializer = self.ChildShareInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant = services.child_share(
            actor=request.user,
            child=child,
            professional=serializer.validated_data["email"],
            expires_at=serializer.validated_data["expires_at"],
            reason=serializer.validated_data["reason"],
        )
        return Response(self.ChildShareOutputSerializer(participant).data, status=status.HTTP_201_CREATED)


class ChildAuditApi(APIView):
    """Every change to a child's record with who made it, and who viewed it."""

    class ChildAuditEventSerializer(serializers.Serializer):
        at = serializers.DateTimeField()
        label = serializers.CharField()
        model = serializers.CharField()
        object_id = serializers.CharField()
        action = serializers.CharField()
        actor = serializers.CharField(allow_null=True)
        before_after = serializers.DictField()

    @extend_schema(
        responses=inline_serializer(
            "ChildAudit",
            {
                "changes": ChildAuditEventSerializer(many=True),
                "views": inline_serializer(
                    "ChildView",
                    {
                        "viewed_at": serializers.DateTimeField(),
                        "user": serializers.CharField(),
                        "channel": serializers.CharField(),
                    },
                    many=True,
                ),
            },
        )
    )
    def get(self, request, child_id: int, version=None):
        child = _get_child(request, child_id)
        try:
            trail = selectors.child_audit_trail(user=request.user, child=child)
            views = selectors.child_access_log(user=request.user, child=child)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        changes = [{**e, "actor": e["actor"].email if e["actor"] else None} for e in trail]
        return Response(
            {
                "changes": self.ChildAuditEventSerializer(changes, many=True).data,
                "views": [
                    {"viewed_at": v.viewed_at, "user": v.user.email, "channel": v.channel} for v in views
                ],
            }
        )


class MeApi(APIView):
    """The signed-in person, their roles and where they land."""

    class MeOutputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        full_name = serializers.CharField()
        home = serializers.CharField()
        memberships = serializers.ListField(child=serializers.DictField())

    @extend_schema(responses=MeOutputSerializer)
    def get(self, request, version=None):
        actor = policy.actor_for(request.user)
        return Response(
            self.MeOutputSerializer(
                {
                    "email": request.user.email,
                    "full_name": request.user.full_name,
                    "home": actor.home_url_name,
                    "memberships": [
                        {"role": m.role, "organisation": str(m.organisation)} for m in actor.memberships
                    ],
                }
            ).data
        )


class SettingListApi(APIView):
    """The register of settings (public information, as in Get Information About Schools)."""

    class SettingOutputSerializer(serializers.ModelSerializer):
        partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
        local_authority = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)

        class Meta:
            model = Setting
            fields = [
                "id",
                "partnership",
                "local_authority",
                "urn",
                "ukprn",
                "name",
                "setting_type",
                "phase",
                "trust_name",
                "statutory_low_age",
                "statutory_high_age",
                "need_types_served",
                "capacity",
                "has_resourced_provision",
                "resourced_provision_capacity",
                "has_sen_unit",
                "sen_unit_capacity",
                "is_open",
            ]

    @extend_schema(responses=SettingOutputSerializer(many=True))
    def get(self, request, version=None):
        qs = Setting.objects.select_related("partnership", "local_authority").order_by("name", "pk")
        partnership = request.query_params.get("partnership")
        if partnership:
            qs = qs.filter(partnership__slug=partnership)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(self.SettingOutputSerializer(page, many=True).data)


class LocalAuthorityListApi(APIView):
    """Local authorities with their DfE and ONS codes and region (reference data)."""

    class LocalAuthorityOutputSerializer(serializers.ModelSerializer):
        region = serializers.SlugRelatedField(slug_field="code", read_only=True)
        superseded_by = serializers.SlugRelatedField(slug_field="ons_code", read_only=True)

        class Meta:
            model = LocalAuthority
            fields = ["ons_code", "dfe_code", "name", "region", "entity_type", "status", "superseded_by"]

    @extend_schema(responses=LocalAuthorityOutputSerializer(many=True))
    def get(self, request, version=None):
        qs = LocalAuthority.objects.select_related("region", "superseded_by").order_by("name", "ons_code")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        paginator = PageNumberPagination()
        paginator.page_size = 200
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(self.LocalAuthorityOutputSerializer(page, many=True).data)


class RegionListApi(APIView):
    """The 9 English regions."""

    class RegionOutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Region
            fields = ["code", "name"]

    @extend_schema(responses=RegionOutputSerializer(many=True))
    def get(self, request, version=None):
        return Response(self.RegionOutputSerializer(Region.objects.order_by("name"), many=True).data)
