"""API twin of the plan editor (``ehcp.views_plan_editor``), under ``/api/v1/plans/<plan_id>/``:

- ``GET working/``: the version being written: content, revision, each section's revision, the quality
  checks' findings and who saved it last;
- ``PUT working/sections/<code>/``: save one section, ``{"base_revision": n, "data": {...}}`` (JSON), or the
  editor's own form fields (form-encoded, as the autosave script sends them);
- ``PUT working/``: replace the whole content, ``{"base_revision": n, "content": {...}}``;
- ``POST attachments/``: add a picture, recording, video or document (multipart).

Only the partnership's caseworkers and SEND managers may use the editor, attachments included (another
tenant's plan is 404, DfE users 403, anyone else who can see the plan 403). Bad input is a 400 with
field errors keyed by path (``"E.outcomes.0.text"``); a save over someone else's newer save of the same
section is a 409 with both versions. Issued versions never change: with no working version a save is a 400.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import forms_plan_editor as editor
from .. import plan_content, services_plans, views_plan_editor
from ..models import Plan, PlanAttachment, PlanVersion

NO_WORKING = "This plan has no version being written: issued versions never change"


# Output -----------------------------------------------------------------------------------------------------


class PlanEditorFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    section = serializers.CharField()
    item_id = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


@extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
class RevisionsField(serializers.JSONField):
    pass


@extend_schema_field({"type": "object", "additionalProperties": True})
class ObjectField(serializers.JSONField):
    pass


class PlanWorkingSerializer(serializers.ModelSerializer):
    """The working version: what the editor shows."""

    kind = serializers.CharField(
        read_only=True, help_text="What the version will be issued as: " + ", ".join(PlanVersion.Kind.values)
    )
    content = ObjectField(read_only=True, help_text="Sections A to K keyed by code (ehcp/plan_content.py).")
    section_revisions = RevisionsField(
        read_only=True, help_text="Section code to the revision that last changed it."
    )
    quality_issues = PlanEditorFindingSerializer(many=True, read_only=True)
    updated_by = serializers.SerializerMethodField(help_text="The name of the person who saved last.")

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "plan",
            "number",
            "kind",
            "revision",
            "content",
            "section_revisions",
            "quality_issues",
            "updated_by",
            "updated_at",
        ]

    def get_updated_by(self, version: PlanVersion) -> str:
        return version.updated_by.full_name if version.updated_by else ""


class PlanSectionSavedSerializer(PlanWorkingSerializer):
    """After a section's save: the new revision, the section as saved, and the ids given to new items."""

    section = ObjectField(read_only=True, help_text="The section's data as saved.")
    ids = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text="For a form-encoded save: each new item's hidden id input name and the id it was given.",
    )

    class Meta(PlanWorkingSerializer.Meta):
        fields = [f for f in PlanWorkingSerializer.Meta.fields if f != "content"] + ["section", "ids"]


class PlanEditConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    section = serializers.CharField(help_text="The section (or sections, comma separated) saved meanwhile.")
    theirs = ObjectField(help_text="The section as the other person saved it.")
    yours = ObjectField(help_text="The section as this request sent it (not saved).")
    saved_by = serializers.CharField()
    revision = serializers.IntegerField(
        help_text="The current revision: send it as base_revision to save a merge."
    )


class PlanAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAttachment
        fields = ["id", "title", "description", "original_name", "content_type", "size", "uploaded_at"]


# Input ------------------------------------------------------------------------------------------------------


class PlanSectionSaveInputSerializer(serializers.Serializer):
    base_revision = serializers.IntegerField(
        min_value=0, help_text="The working version's revision when the editor loaded the section."
    )
    data = ObjectField(
        help_text="The section's data (ehcp/plan_content.py), for example {'summary': ..., 'outcomes': [...]}."
    )

    def validate_data(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Send the section's data as an object")
        return value


class PlanContentReplaceInputSerializer(serializers.Serializer):
    base_revision = serializers.IntegerField(min_value=0)
    content = ObjectField(help_text="Every section A to K keyed by code; missing sections are saved empty.")

    def validate_content(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Send the plan's content as an object keyed by section code")
        return value


class PlanAttachmentInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A picture, recording, video or document; its type is read from its content."
    )
    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="A text alternative."
    )


ERROR_RESPONSES = {
    400: OpenApiResponse(
        description="Bad input: field errors keyed by path, or no version is being written."
    ),
    403: OpenApiResponse(description="The person may not edit this plan, or is a DfE user."),
    404: OpenApiResponse(description="No such plan (or section), or not one the person may see."),
}
CONFLICT = {409: PlanEditConflictSerializer}


# Views ------------------------------------------------------------------------------------------------------


class PlanEditorApi(APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def open_plan(self, request, plan_id: int) -> Plan:
        return views_plan_editor.open_plan(request, plan_id, channel="api")

    def working(self, plan: Plan) -> PlanVersion:
        version = services_plans.working_version(plan)
        if version is None:
            raise serializers.ValidationError({"plan": [NO_WORKING]})
        return version

    def conflict(self, exc: services_plans.EditConflict) -> Response:
        return Response(
            {
                "detail": str(exc),
                "section": exc.code,
                "theirs": exc.theirs,
                "yours": exc.yours,
                "saved_by": exc.saved_by,
                "revision": exc.version.revision,
            },
            status=status.HTTP_409_CONFLICT,
        )


class PlanWorkingApi(PlanEditorApi):
    """The version being written (GET), or its whole content replaced (PUT)."""

    @extend_schema(responses={200: PlanWorkingSerializer, **ERROR_RESPONSES})
    def get(self, request, plan_id: int, version=None):
        plan = self.open_plan(request, plan_id)
        working = services_plans.working_version(plan)
        if working is None:
            raise NotFound(NO_WORKING)
        return Response(PlanWorkingSerializer(working).data)

    @extend_schema(
        request=PlanContentReplaceInputSerializer,
        responses={200: PlanWorkingSerializer, **ERROR_RESPONSES, **CONFLICT},
    )
    def put(self, request, plan_id: int, version=None):
        plan = self.open_plan(request, plan_id)
        self.working(plan)
        payload = PlanContentReplaceInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            saved = services_plans.content_replace(actor=request.user, plan=plan, **payload.validated_data)
        except services_plans.EditConflict as exc:
            return self.conflict(exc)
        return Response(PlanWorkingSerializer(saved).data)


class PlanWorkingSectionApi(PlanEditorApi):
    """Save one section of the version being written (the editor's save and autosave)."""

    def _from_form(self, code: str, post) -> tuple[int, dict, dict]:
        """The editor's form fields, read exactly as the page reads them."""
        try:
            base_revision = int(post.get("base_revision", ""))
        except ValueError as exc:
            raise serializers.ValidationError({"base_revision": ["A valid integer is required."]}) from exc
        state = editor.state_from_post(code, post)
        data, errors = editor.data_from_state(code, state)
        try:
            plan_content.clean_section(code, data)
        except DjangoValidationError as exc:
            errors = {**exc.message_dict, **errors}
        if errors:
            raise serializers.ValidationError(editor.error_messages(code, errors))
        return base_revision, data, state

    @extend_schema(
        request=PlanSectionSaveInputSerializer,
        responses={200: PlanSectionSavedSerializer, **ERROR_RESPONSES, **CONFLICT},
    )
    def put(self, request, plan_id: int, code: str, version=None):
        plan = self.open_plan(request, plan_id)
        if code not in plan_content.SECTION_CODES:
            raise NotFound(f"There is no section {code} in a plan")
        self.working(plan)
        state = None
        if request.content_type.startswith("application/json"):
            payload = PlanSectionSaveInputSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            base_revision, data = payload.validated_data["base_revision"], payload.validated_data["data"]
        else:
            base_revision, data, state = self._from_form(code, request.data)
        try:
            saved = services_plans.section_save(
                actor=request.user, plan=plan, code=code, data=data, base_revision=base_revision
            )
        except services_plans.EditConflict as exc:
            return self.conflict(exc)
        section = saved.content.get(code, {})
        body = PlanSectionSavedSerializer(saved).data
        body["section"] = section
        body["ids"] = editor.new_item_ids(code, state, section) if state is not None else {}
        return Response(body)


class PlanAttachmentCreateApi(PlanEditorApi):
    """Attach a picture, recording, video or document to the plan (for section A's views, for example)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": PlanAttachmentInputSerializer},
        responses={201: PlanAttachmentSerializer, **ERROR_RESPONSES},
    )
    def post(self, request, plan_id: int, version=None):
        plan = self.open_plan(request, plan_id)
        payload = PlanAttachmentInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        attachment = services_plans.attachment_add(
            actor=request.user,
            plan=plan,
            upload=payload.validated_data["file"],
            title=payload.validated_data["title"],
            description=payload.validated_data["description"],
        )
        return Response(PlanAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
