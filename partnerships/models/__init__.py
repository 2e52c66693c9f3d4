"""Models of the partnerships app, one module per concern."""

from .children import (
    CaseParticipant,
    Child,
    ChildAccessLog,
    ChildGroupObjectPermission,
    ChildUserObjectPermission,
    ParentalResponsibility,
)
from .geography import ICB, LocalAuthority, Region, SubICBLocation
from .people import Membership, User
from .tenancy import Partnership, Setting

__all__ = [
    "ICB",
    "CaseParticipant",
    "Child",
    "ChildAccessLog",
    "ChildGroupObjectPermission",
    "ChildUserObjectPermission",
    "LocalAuthority",
    "Membership",
    "ParentalResponsibility",
    "Partnership",
    "Region",
    "Setting",
    "SubICBLocation",
    "User",
]
