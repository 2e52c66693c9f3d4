"""Pages: the start page, each role's home, children's records."""

from django.shortcuts import redirect, render


def home(request):
    if request.user.is_authenticated:
        return redirect("account")
    return render(request, "start.html")


def no_role(request):
    return render(request, "no_role.html")


portal_home = school_home = backoffice_home = inbox_home = support_home = no_role
child_create = child_detail = child_edit = child_delete = child_share = child_audit = no_role
