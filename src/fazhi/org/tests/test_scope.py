"""The scope decides what each persona may read and change, in one place."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from fazhi.core.tests.sampleledger.models import SampleCase
from fazhi.org.models import Agency, Membership
from fazhi.org.scope import get_editable_or_404, get_visible_or_404, scope_for

pytestmark = pytest.mark.django_db


def codes(qs):
    return set(qs.values_list("code", flat=True))


def titles(qs):
    return set(qs.values_list("title", flat=True))


def test_clerk_reads_and_changes_only_their_own_agency(world):
    scope = scope_for(world.owner)
    assert codes(scope.agencies()) == {"sfx-scj"}
    assert codes(scope.editable_agencies()) == {"sfx-scj"}


def test_office_reads_and_changes_its_region_and_townships_below(world):
    scope = scope_for(world.office)
    seen = codes(scope.agencies())
    assert {"sfx-scj", "sfx-jyj", "sfx-gov", "sfx-t01", "sfx-t10"} <= seen
    assert not seen & {"lsx-sfj", "lsx-gov", "sfs-gov", "sfs-office"}
    assert codes(scope.editable_agencies()) == seen


def test_leader_reads_the_county_but_changes_nothing(world):
    scope = scope_for(world.leader)
    assert "sfx-t03" in codes(scope.agencies())
    assert "lsx-sfj" not in codes(scope.agencies())
    assert not scope.editable_agencies().exists()


def test_supervisor_reads_the_regions_below_but_not_its_own_level(world):
    scope = scope_for(world.supervisor)
    seen = codes(scope.agencies())
    assert {"sfx-scj", "lsx-sfj", "sfx-t05"} <= seen
    assert not seen & {"sfs-gov", "sfs-office"}
    assert not scope.editable_agencies().exists()


def test_person_without_role_sees_nothing(world):
    from fazhi.org.models import User

    nobody = User.objects.create_user("nobody", password="x-long-password-1")
    assert scope_for(nobody).is_empty
    assert not scope_for(nobody).agencies().exists()


def test_admin_sees_everything(world):
    assert codes(scope_for(world.admin).agencies()) == codes(Agency.objects.all())


def test_roles_in_several_agencies_add_up(world):
    Membership.objects.create(user=world.owner, agency=world.agency("sfx-jyj"), role=Membership.Role.CLERK)
    assert codes(scope_for(type(world.owner).objects.get(pk=world.owner.pk)).agencies()) == {"sfx-scj", "sfx-jyj"}


def test_inactive_membership_gives_nothing(world):
    Membership.objects.filter(user=world.owner).update(is_active=False)
    owner = type(world.owner).objects.get(pk=world.owner.pk)
    assert scope_for(owner).is_empty


def test_ledger_records_follow_the_scope(world, sample_cases):
    assert titles(SampleCase.objects.visible_to(world.owner)) == {"owner-case"}
    assert titles(SampleCase.objects.visible_to(world.colleague)) == {"colleague-case"}
    assert titles(SampleCase.objects.visible_to(world.outsider)) == {"outsider-case"}
    assert titles(SampleCase.objects.visible_to(world.office)) == {"owner-case", "colleague-case"}
    assert titles(SampleCase.objects.visible_to(world.supervisor)) == {"owner-case", "colleague-case",
                                                                         "outsider-case"}
    assert not SampleCase.objects.editable_by(world.leader).exists()


def test_outsider_gets_404_and_reader_gets_403(world, sample_cases):
    case = sample_cases["owner"]
    assert get_visible_or_404(world.owner, SampleCase, pk=case.pk) == case
    with pytest.raises(Http404):
        get_visible_or_404(world.outsider, SampleCase, pk=case.pk)
    with pytest.raises(Http404):
        get_visible_or_404(world.colleague, SampleCase, pk=case.pk)
    with pytest.raises(PermissionDenied):
        get_editable_or_404(world.leader, SampleCase, pk=case.pk)
    assert get_editable_or_404(world.office, SampleCase, pk=case.pk) == case


def test_regions_follow_the_scope(world):
    assert codes(scope_for(world.owner).regions()) == {"990102"}
    office_regions = codes(scope_for(world.office).regions())
    assert "990102001" in office_regions and "990103" not in office_regions
    supervisor_regions = codes(scope_for(world.supervisor).regions())
    assert {"990102", "990103"} <= supervisor_regions and "990100" not in supervisor_regions
