"""Dashboard pages for DfE regional officers and national analysts: de-identified aggregates only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from partnerships.models import Region
from partnerships.policy import AccessDenied, actor_for

from . import selectors

PAGE_MEASURES = {key: selectors.SEN2_MEASURES[key] for key in selectors.PAGE_MEASURES}


def _require_dfe_role(request) -> None:
    actor = actor_for(request.user)
    if not (actor.is_national or actor.region_ids):
        raise PermissionDenied("The dashboards are for DfE regional officers and national analysts")


def _render_region(request, region_id: int):
    try:
        dashboard = selectors.region_dashboard(user=request.user, region_id=region_id)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(
        request,
        "dashboards/regional_home.html",
        {
            "dashboard": dashboard,
            "measures": PAGE_MEASURES,
            "is_national": actor_for(request.user).is_national,
        },
    )


@login_required
def regional_home(request):
    """A regional officer's own region; with several regions, a list to choose from. This is the
    regional officer's home page only: national analysts open a region from the national page."""
    actor = actor_for(request.user)
    if not actor.region_ids:
        raise PermissionDenied("This page is for DfE regional officers")
    regions = list(selectors.regions_visible_to(user=request.user).filter(pk__in=actor.region_ids))
    if len(regions) == 1:
        return _render_region(request, regions[0].pk)
    return render(request, "dashboards/regional_choose.html", {"regions": regions})


@login_required
def regional_detail(request, region_code: str):
    """One region by its ONS code: its own officers and national analysts only."""
    _require_dfe_role(request)
    region = get_object_or_404(Region, code=region_code)
    return _render_region(request, region.pk)


@login_required
def national_home(request):
    """Every region's totals, linking to each region's page. National analysts only."""
    try:
        dashboard = selectors.national_dashboard(user=request.user)
    except AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(
        request, "dashboards/national_home.html", {"dashboard": dashboard, "measures": PAGE_MEASURES}
    )
