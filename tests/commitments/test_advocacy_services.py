"""The rules of the case for the VPs that read other rows: the agency is one of the engagement's stakeholders; the
arguments are saved with their standard raised, all or nothing; a retired argument is offered no more; a used
argument cannot be deleted; a commitment assessment records its author."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from commitments.advocacy import services
from commitments.choices import Response, Standard
from commitments.models import Advocacy, ArgumentPut
from shrhub.roles import Role
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .advocacy_factories import AdvocacyFactory, ArgumentPutFactory, BenefitArgumentFactory

pytestmark = pytest.mark.django_db


def test_the_agency_must_be_one_of_the_engagements_stakeholders():
    engagement = EngagementFactory()
    with pytest.raises(ValidationError) as refused:
        services.advocacy_save(actor=None, engagement=engagement, agency=OrganisationFactory(), standard=Standard.VPS)
    assert "agency" in refused.value.message_dict
    assert not Advocacy.objects.exists()


def test_the_agency_may_be_moved_only_within_the_engagement():
    advocacy = AdvocacyFactory()
    with pytest.raises(ValidationError):
        services.advocacy_update(actor=None, instance=advocacy, agency=OrganisationFactory())
    advocacy.refresh_from_db()
    assert advocacy.engagement.stakeholders.filter(pk=advocacy.agency_id).exists()


def test_a_refused_argument_leaves_nothing_written():
    ministry = OrganisationFactory()
    good, twice = BenefitArgumentFactory(), BenefitArgumentFactory()
    rows = [{"argument": good}, {"argument": twice}, {"argument": twice}]
    with pytest.raises(ValidationError):
        services.advocacy_save(
            actor=None, engagement=EngagementFactory(stakeholders=[ministry]), agency=ministry, arguments=rows
        )
    assert not Advocacy.objects.exists() and not ArgumentPut.objects.exists()


def test_an_argument_already_put_stays_when_retired_but_is_not_put_anew():
    put = ArgumentPutFactory()
    put.argument.retired = True
    put.argument.save()
    advocacy = services.advocacy_update(
        actor=None, instance=put.advocacy, arguments=[{"argument": put.argument, "response": Response.REJECTED}]
    )
    assert advocacy.arguments.get().response == Response.REJECTED
    with pytest.raises(ValidationError):
        services.advocacy_update(actor=None, instance=AdvocacyFactory(), arguments=[{"argument": put.argument}])


def test_arguments_are_replaced_and_each_write_audited(make_user):
    actor = make_user(Role.SECURITY)
    put = ArgumentPutFactory()
    other = BenefitArgumentFactory()
    services.advocacy_update(actor=actor, instance=put.advocacy, arguments=[{"argument": other, "wording": "x"}])
    assert list(ArgumentPut.objects.values_list("argument", flat=True)) == [other.pk]
    assert ArgumentPut.history.filter(id=put.pk, history_type="-").get().history_user == actor


def test_a_used_argument_cannot_be_deleted_an_unused_one_can():
    put = ArgumentPutFactory()
    with pytest.raises(ValidationError):
        services.benefitargument_delete(actor=None, instance=put.argument)
    unused = BenefitArgumentFactory()
    services.benefitargument_delete(actor=None, instance=unused)


def test_deleting_a_standard_raised_deletes_its_arguments():
    put = ArgumentPutFactory()
    services.advocacy_delete(actor=None, instance=put.advocacy)
    assert not ArgumentPut.objects.exists()


def test_a_commitment_assessment_records_its_author(make_user):
    actor = make_user(Role.EXTERNAL)
    assessment = services.commitmentassessment_create(
        actor=actor, stakeholder=OrganisationFactory(), level="aware", assessed_on="2026-03-01"
    )
    assert assessment.author == actor


def test_free_text_that_may_name_someone_is_declared_for_erasure():
    from shrhub.registry import personal_data_handlers

    handler = {h.name: h for h in personal_data_handlers()}["commitments.advocacy"]
    declared = {(s.model._meta.model_name, field) for s in handler.texts for field in s.fields}
    assert {
        ("argumentput", "wording"),
        ("advocacy", "response_notes"),
        ("commitmentassessment", "evidence"),
    } <= declared
