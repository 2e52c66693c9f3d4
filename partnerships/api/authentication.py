"""API token authentication that also sets the row-level-security fence for the person.

Session sign-in is known before the view runs, so the middleware sets the fence; a token is only read
by DRF inside the view, so the fence is set here once the token is accepted.
"""

from rest_framework.authentication import TokenAuthentication

from .. import rls
from ..policy import rls_partnership_ids


class FencedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            rls.fence_to(rls_partnership_ids(result[0]))
        return result
