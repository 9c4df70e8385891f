"""Text rules shared by forms and the API: control characters refused, lengths capped."""

import pytest
from django import forms

from fazhi.core import limits
from fazhi.normative.forms import ReviewForm
from fazhi.normative.models import Document


class Sample(limits.TextRules, forms.Form):
    title = forms.CharField()
    reason = forms.CharField(widget=forms.Textarea)
    short = forms.CharField(max_length=10, widget=forms.Textarea)


def test_control_characters_are_found_but_line_breaks_kept_in_texts():
    assert limits.control_character("第一行\n第二行\t缩进\r") is None
    assert limits.control_character("第一行\n", multiline=False) == "\n"
    assert [limits.control_character(c) for c in "\x00\x07\x1b\x7f\x85"] == list("\x00\x07\x1b\x7f\x85")


@pytest.mark.parametrize(("data", "field"), [
    ({"title": "a\x07b", "reason": "ok", "short": "ok"}, "title"),
    ({"title": "a\nb", "reason": "ok", "short": "ok"}, "title"),
    ({"title": "ok", "reason": "x\x1b[31m", "short": "ok"}, "reason"),
    ({"title": "x" * (limits.LINE + 1), "reason": "ok", "short": "ok"}, "title"),
    ({"title": "ok", "reason": "x" * (limits.DOCUMENT + 1), "short": "ok"}, "reason"),
    ({"title": "ok", "reason": "ok", "short": "x" * 11}, "short"),
])
def test_a_form_refuses_control_characters_and_overlong_texts(data, field):
    form = Sample(data)
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_a_form_keeps_line_breaks_in_a_text_area():
    form = Sample({"title": "标题", "reason": "第一行\r\n第二行\t缩进", "short": "短"})
    assert form.is_valid(), form.errors
    assert Sample().fields["title"].widget.attrs["maxlength"] == str(limits.LINE)


def test_the_message_names_the_character():
    form = ReviewForm({"passed": "yes", "opinion": "合\x07法", "completed_on": "2026-02-10"})
    assert not form.is_valid()
    assert "U+0007" in form.errors["opinion"][0]


@pytest.mark.django_db
def test_the_create_page_refuses_a_title_with_a_control_character(world, client):
    client.force_login(world.owner)
    response = client.post("/normative/new/", {"agency": world.agency("sfx-scj").pk, "title": "办法\x1b",
                                               "kind": "department"})
    assert response.status_code == 200
    assert "U+001B" in response.content.decode()
    assert not Document.objects.filter(title__startswith="办法").exists()
