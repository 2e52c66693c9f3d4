"""Dashboard API: the twins of the regional and national pages, with the same access rules."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.models import Region
from partnerships.policy import AccessDenied, actor_for

from . import selectors
from .serializers import RegionDashboardSerializer, TotalsSerializer

FORBIDDEN = OpenApiResponse(description="Not a DfE regional officer for this region, or a national analyst")


class RegionDashboardApi(APIView):
    """One region's local authorities with published SEN2 figures and this service's snapshots."""

    class OutputSerializer(RegionDashboardSerializer):
        class Meta:
            ref_name = "RegionDashboardOutput"

    @extend_schema(
        operation_id="dashboards_region",
        summary="A region's dashboard",
        description=(
            "Every live local authority in the region (by its ONS code, for example E12000003): its "
            "partnership on this service, the partnership's latest snapshot (counts only) and the "
            "latest published SEN2 figures, where a number DfE did not publish says why. DfE regional "
            "officers may read their own region; national analysts any region."
        ),
        responses={200: OutputSerializer, 403: FORBIDDEN, 404: OpenApiResponse(description="No such region")},
        tags=["dashboards"],
    )
    def get(self, request, region_code: str, **kwargs):
        actor = actor_for(request.user)
        if not (actor.is_national or actor.region_ids):
            raise exceptions.PermissionDenied(
                "The dashboards are for DfE regional officers and national analysts"
            )
        region = get_object_or_404(Region, code=region_code)
        try:
            dashboard = selectors.region_dashboard(user=request.user, region_id=region.pk)
        except AccessDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(self.OutputSerializer(dashboard).data)


class NationalDashboardApi(APIView):
    """England: totals and every region's dashboard."""

    class OutputSerializer(serializers.Serializer):
        sen2_year = serializers.IntegerField(allow_null=True)
        snapshot_at = serializers.DateTimeField(allow_null=True)
        totals = TotalsSerializer()
        regions = RegionDashboardSerializer(many=True)

        class Meta:
            ref_name = "NationalDashboardOutput"

    @extend_schema(
        operation_id="dashboards_national",
        summary="The national dashboard",
        description=(
            "Totals for England and, for each of the 9 regions, its totals and local authorities. "
            "DfE national analysts only."
        ),
        responses={200: OutputSerializer, 403: FORBIDDEN},
        tags=["dashboards"],
    )
    def get(self, request, **kwargs):
        try:
            dashboard = selectors.national_dashboard(user=request.user)
        except AccessDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(self.OutputSerializer(dashboard).data)
