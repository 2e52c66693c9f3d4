"""API twin of the settings register import (mounted under /api/v1/): the same policy and service as the
pages. 201 with the report; 400 with the fatal problem as a field error (nothing loaded); 403 for anyone
who cannot import (DfE users included); 404 for another partnership's import."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.policy import AccessDenied

from . import policy, services
from .models import SettingImport


class RowProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row in the file as a spreadsheet numbers it (header is 1)")
    urn = serializers.CharField(help_text="The URN as written in the row (may be blank or wrong)")
    field = serializers.CharField(help_text="The column, as the file names it")
    message = serializers.CharField()


class SettingImportSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    uploaded_by = serializers.SerializerMethodField()
    problems = RowProblemSerializer(many=True, help_text="Rows not loaded, one entry per problem")
    notes = RowProblemSerializer(many=True, help_text="Rows skipped on purpose (closed or not yet open)")

    class Meta:
        model = SettingImport
        fields = [
            "id",
            "partnership",
            "uploaded_by",
            "source",
            "file_name",
            "started_at",
            "finished_at",
            "row_count",
            "created_count",
            "updated_count",
            "unchanged_count",
            "rejected_count",
            "skipped_count",
            "problems",
            "notes",
        ]

    def get_uploaded_by(self, record) -> str | None:
        user = record.uploaded_by
        return (user.full_name or user.email) if user is not None else None


class SettingImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A GIAS establishments CSV (UTF-8 or Windows-1252)")
    partnership = serializers.SlugField(
        required=False, help_text="The partnership's slug; needed only by someone who manages more than one"
    )


def _require_importer(request) -> None:
    try:
        policy.require_importer(request.user)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


class SettingImportListApi(APIView):
    """Import a GIAS CSV into the partnership's settings register (multipart: ``file``)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": SettingImportUploadSerializer},
        responses={201: SettingImportSerializer},
    )
    def post(self, request, version=None):
        _require_importer(request)
        serializer = SettingImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partnerships = policy.import_partnerships(request.user)
        slug = serializer.validated_data.get("partnership")
        if slug:
            partnership = get_object_or_404(partnerships, slug=slug)
        else:
            choices = list(partnerships[:2])
            if len(choices) != 1:
                raise serializers.ValidationError({"partnership": ["Give the partnership's slug"]})
            partnership = choices[0]
        record = services.settings_import(
            actor=request.user,
            partnership=partnership,
            upload=serializer.validated_data["file"],
            source=SettingImport.Source.API,
        )
        return Response(SettingImportSerializer(record).data, status=status.HTTP_201_CREATED)


class SettingImportApi(APIView):
    """One import's record and its row-by-row report."""

    @extend_schema(responses=SettingImportSerializer)
    def get(self, request, pk: int, version=None):
        try:
            record = policy.access_import(request.user, pk)
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(SettingImportSerializer(record).data)
