"""Narrative material: a body writes what it did with its figures; the office reads it topic by topic."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from fazhi.collection import actions
from fazhi.collection.models import Narrative

pytestmark = pytest.mark.django_db

PRACTICE = "修订《行政执法公示办法》，在县政务网开设执法公示专栏，全年公示执法信息。"


def test_the_slots_are_practice_per_topic_then_the_body_s_own(owned):
    slots = actions.narrative_slots(owned)
    topics = [t for t, kind in slots if kind == Narrative.Kind.PRACTICE]
    assert topics and "" not in topics
    assert [k for t, k in slots if not t] == ["innovation", "honour", "problem", "plan"]


def test_texts_are_saved_with_the_figures_changed_and_emptied(owned, world):
    topic = actions.narrative_slots(owned)[0][0]
    changed = actions.save_values(owned, {}, by=world.owner,
                                  texts={(topic, "practice"): f"  {PRACTICE} ", ("", "problem"): "基层执法人员不足。"})
    assert changed == 2
    assert owned.narratives.get(topic=topic, kind="practice").text == PRACTICE
    actions.save_values(owned, {}, by=world.owner, texts={("", "problem"): ""})
    assert not owned.narratives.filter(kind="problem").exists()


def test_a_text_too_long_or_in_no_slot_refuses_the_save_and_keeps_nothing(owned, world):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        actions.save_values(owned, {"pufa_activities": "12"}, by=world.owner,
                            texts={("", "plan"): "字" * 4001, ("nowhere", "practice"): "x"})
    errors = refused.value.error_dict
    assert "4001" in errors["text-plan"][0].messages[0] and "text-practice-nowhere" in errors
    assert not owned.narratives.exists()
    assert owned.values.get(metric__code="pufa_activities").value is None


def test_the_form_page_keeps_a_refused_text_and_the_office_reads_it_by_topic(owned, world, as_user, round_):
    client = as_user(world.owner)
    url = reverse("collection:submission_detail", args=[owned.pk])
    page = client.get(url).content.decode()
    assert 'name="text-plan"' in page and "主要做法和成效" in page
    response = client.post(url, {"action": "save", "text-plan": "字" * 4001})
    assert response.status_code == 400 and "字" * 4001 in response.content.decode()
    client.post(url, {"action": "save", "text-honour": "获评省级法治政府建设示范项目。"})
    office = as_user(world.office)
    material = office.get(reverse("collection:round_material", args=[round_.pk])).content.decode()
    assert "获评省级法治政府建设示范项目。" in material and owned.agency.name in material
    assert "荣誉和上级肯定" in material
