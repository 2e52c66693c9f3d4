"""factory-boy factories for the partnerships app. Reference geography comes from ``load_reference_data``
where a test needs the real thing; these factories make small, self-contained rows."""

import datetime

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerships.models import (
    ICB,
    CaseParticipant,
    Child,
    LocalAuthority,
    Membership,
    ParentalResponsibility,
    Partnership,
    Region,
    Setting,
    User,
)
from partnerships.validators import upn_check_letter

PASSWORD = "correct horse battery staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E1200{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Region {n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("ons_code",)

    ons_code = factory.Sequence(lambda n: f"E06{n % 1000000:06d}")
    dfe_code = factory.Sequence(lambda n: f"{(n % 900) + 100:03d}")
    name = factory.Sequence(lambda n: f"Borough {n}")
    region = factory.SubFactory(RegionFactory)
    entity_type = "Unitary Authorities"
    status = LocalAuthority.Status.LIVE


class ICBFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ICB
        django_get_or_create = ("ons_code",)

    ons_code = factory.Sequence(lambda n: f"E54{n % 1000000:06d}")
    ods_code = factory.Sequence(lambda n: f"Q{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"NHS Area {n} Integrated Care Board")
    nhs_region_code = "E40000012"
    nhs_region_name = "North East and Yorkshire"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Borough {n} SEND Partnership")
    slug = factory.Sequence(lambda n: f"borough-{n}")
    parent_carer_forum = "Parent Carer Forum"

    @factory.post_generation
    def local_authority(self, create, extracted, **kwargs):
        if create:
            self.local_authorities.add(extracted or LocalAuthorityFactory())

    @factory.post_generation
    def icb(self, create, extracted, **kwargs):
        if create:
            self.icbs.add(extracted or ICBFactory())


class SettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Setting

    partnership = factory.SubFactory(PartnershipFactory)
    local_authority = factory.LazyAttribute(lambda o: o.partnership.local_authorities.first())
    urn = factory.Sequence(lambda n: 100000 + n)
    name = factory.Sequence(lambda n: f"Oakfield Primary School {n}")
    setting_type = Setting.Type.MAINSTREAM
    phase = Setting.Phase.PRIMARY
    statutory_low_age = 4
    statutory_high_age = 11
    need_types_served = factory.LazyFunction(lambda: ["ASD", "SLCN"])
    capacity = 420


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = "la_caseworker"


def make_upn(la_code: str, n: int) -> str:
    body = f"{la_code}{(n // 1000) % 10000:04d}{n % 1000:03d}{n % 100:02d}"[:12]
    return upn_check_letter(body) + body


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    partnership = factory.SubFactory(PartnershipFactory)
    first_name = factory.Sequence(lambda n: f"Sam{n}")
    last_name = "Taylor"
    date_of_birth = datetime.date(2015, 3, 14)
    home_local_authority = factory.LazyAttribute(lambda o: o.partnership.local_authorities.first())
    upn = factory.LazyAttributeSequence(lambda o, n: make_upn(o.home_local_authority.dfe_code, n))


class ParentalResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentalResponsibility

    child = factory.SubFactory(ChildFactory)
    partnership = factory.LazyAttribute(lambda o: o.child.partnership)
    full_name = "Alex Taylor"
    relationship = ParentalResponsibility.Relationship.MOTHER


class CaseParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseParticipant

    child = factory.SubFactory(ChildFactory)
    partnership = factory.LazyAttribute(lambda o: o.child.partnership)
    user = factory.SubFactory(UserFactory)
    role = CaseParticipant.Role.PARENT_CARER


def give_totp_device(user: User, key: str = "3132333435363738393031323334353637383930") -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
