"""Pages for progress between reviews: a plan's outcomes with the progress recorded against each, the form
to record more (the family, the child's own words, the setting, the LA), and the files posted with it.

Views are thin: the plan is opened through the access policy (another tenant's plan or another family's
is 404, DfE users 403), the read of the child's record is logged, and one service or selector is called.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partnerships.policy import AccessDenied

from . import policy, selectors_progress, services_progress
from .forms_progress import ProgressForm
from .models import Plan
from .views_common import add_service_errors, file_download, open_plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_progress(request, plan_id: int):
    """The outcomes of the plan in force, each with its progress updates (newest first), and the form."""
    plan = open_plan(request, plan_id)
    kinds = policy.progress_author_kinds(request.user, plan)
    outcomes = services_progress.plan_outcomes(plan)
    form = None
    if kinds and outcomes:
        form = ProgressForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            outcomes=outcomes,
            author_kinds=kinds,
            initial={"outcome_id": request.GET.get("outcome", "")},
        )
    elif request.method == "POST":
        raise PermissionDenied("You can read the progress recorded on this plan, but not add to it")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update = services_progress.progress_post(
                actor=request.user,
                plan=plan,
                outcome_id=data["outcome_id"],
                text=data["text"],
                rating=data["rating"],
                upload=data.get("upload"),
                author_kind=data["author_kind"],
                upload_description=data["upload_description"],
            )
        except AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your progress update has been added")
            url = reverse("plan-progress", kwargs={"plan_id": plan.pk})
            return redirect(f"{url}#outcome-{update.outcome_id}")
    return render(
        request,
        "ehcp/progress/plan_progress.html",
        {
            "plan": plan,
            "title": "Progress towards outcomes",
            "form": form,
            "in_force": plan.status == Plan.Status.FINAL and plan.current_version_id is not None,
            **selectors_progress.progress_by_outcome(plan=plan),
        },
    )


@login_required
@require_GET
def progress_attachment(request, plan_id: int, attachment_id: int):
    """A file posted with a progress update, for people who may read the plan only."""
    plan = open_plan(request, plan_id)
    attachment = selectors_progress.progress_attachment(plan=plan, attachment_id=attachment_id)
    return file_download(attachment)
