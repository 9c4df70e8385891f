"""The public pages: no log-in, the draft by paragraph, the comment form and its abuse protection."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.consultation import actions
from fazhi.consultation.forms import issue_token
from fazhi.consultation.models import Comment

from .conftest import at

pytestmark = pytest.mark.django_db


def detail_url(consultation):
    return reverse("consultation:public_detail", args=[consultation.pk])


def form_data(consultation, seconds_ago=30, **fields):
    data = {"text": "建议明确摊位抽签的时间和地点，并提前七天公告。", "paragraph": "", "author_name": "",
            "contact": "", "website": "",
            "token": issue_token(consultation.pk, now=timezone.now() - timedelta(seconds=seconds_ago))}
    data.update(fields)
    return data


def test_list_shows_open_drafts_with_their_period(client, consultation):
    response = client.get(reverse("consultation:public_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert consultation.title in text and "2026-03-10" in text and "2026-04-09" in text


def test_detail_shows_the_draft_by_paragraph_and_the_form(client, consultation):
    response = client.get(detail_url(consultation) + "?paragraph=2")
    assert response.status_code == 200
    assert [p[0] for p in response.context["paragraphs"]] == [1, 2, 3]
    form = response.context["form"]
    assert form["paragraph"].value() == "2" and form["token"].value()
    assert 'id="p-3"' in response.content.decode()


def test_comment_on_a_paragraph_is_received_and_awaits_moderation(client, consultation, frozen):
    response = client.get(detail_url(consultation))
    data = form_data(consultation, paragraph="2", author_name="李先生", contact="13800000000")
    data["token"] = response.context["form"]["token"].value()
    frozen.shift(20)  # a person reads and writes before sending
    response = client.post(detail_url(consultation), data, follow=True)
    assert response.status_code == 200
    assert "awaits moderation" in response.content.decode() or "等待审核" in response.content.decode()
    c = Comment.objects.get()
    assert (c.paragraph, c.author_name, c.contact, c.status) == (2, "李先生", "13800000000", "pending")
    assert len(c.client_hash) == 64 and "127.0.0.1" not in c.client_hash
    # Pending comments are not public.
    assert "抽签的时间和地点" not in client.get(detail_url(consultation)).content.decode()


def test_published_comments_are_shown_but_never_the_contact(client, world, consultation):
    c = actions.submit_comment(consultation, text="建议设立便民摊位。", client_hash="x", contact="secret@example.org",
                               author_name="王女士")
    actions.publish_comment(c, by=world.office)
    text = client.get(detail_url(consultation)).content.decode()
    assert "建议设立便民摊位。" in text and "王女士" in text and "secret@example.org" not in text


@pytest.mark.parametrize(("fields", "expected"), [
    ({"website": "http://spam.example"}, "must stay empty"),
    ({"seconds_ago": 1}, "too quickly"),
    ({"token": "forged"}, "could not be checked"),
    ({"seconds_ago": 2 * 24 * 3600}, "expired"),
])
def test_abuse_protection_refuses_with_a_message_and_stores_nothing(client, consultation, fields, expected):
    seconds_ago = fields.pop("seconds_ago", 30)
    response = client.post(detail_url(consultation), form_data(consultation, seconds_ago=seconds_ago, **fields))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].non_field_errors())
    assert expected in errors
    assert not Comment.objects.exists()
    # The text is kept and a fresh stamp issued, the honeypot emptied.
    form = response.context["form"]
    assert form["text"].value().startswith("建议明确") and form["website"].value() == ""
    assert form["token"].value() != fields.get("token")


def test_rate_limit_refuses_the_sixth_comment_within_the_hour(client, consultation, frozen):
    for n in range(5):
        response = client.post(detail_url(consultation), form_data(consultation, text=f"第{n + 1}条不同的意见"))
        assert response.status_code == 302
    response = client.post(detail_url(consultation), form_data(consultation, text="第6条意见"))
    assert response.status_code == 429
    assert "5" in " ".join(response.context["form"].non_field_errors())
    assert Comment.objects.count() == 5


def test_rate_limit_follows_the_trusted_proxy_setting(client, consultation, settings):
    settings.FAZHI_CONSULTATION_COMMENTS_PER_HOUR = 1
    settings.FAZHI_TRUST_X_FORWARDED_FOR = False
    url = detail_url(consultation)
    assert client.post(url, form_data(consultation, text="一"), HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 302
    # The header is ignored without a trusted proxy: the same client (REMOTE_ADDR) is refused.
    assert client.post(url, form_data(consultation, text="二"), HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 429
    settings.FAZHI_TRUST_X_FORWARDED_FOR = True
    assert client.post(url, form_data(consultation, text="三"), HTTP_X_FORWARDED_FOR="10.0.0.3").status_code == 302
    assert Comment.objects.count() == 2


def test_duplicate_and_too_long_texts_are_refused(client, consultation):
    url = detail_url(consultation)
    assert client.post(url, form_data(consultation)).status_code == 302
    response = client.post(url, form_data(consultation), REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 400 and "already received" in " ".join(response.context["form"]["text"].errors)
    response = client.post(url, form_data(consultation, text="长" * 5001))
    assert response.status_code == 400 and response.context["form"]["text"].errors
    assert Comment.objects.count() == 1


def test_after_the_window_the_form_is_gone_and_says_so(client, consultation):
    with at(date(2026, 4, 10)):
        response = client.get(detail_url(consultation))
        assert response.context["form"] is None
        assert "2026-04-09" in response.content.decode()
        response = client.post(detail_url(consultation), form_data(consultation))
    assert response.status_code == 400 and not Comment.objects.exists()


def test_feedback_and_adoption_published_once_concluded(client, world, consultation):
    c = actions.submit_comment(consultation, text="建议摊位费减半。", client_hash="x")
    actions.publish_comment(c, by=world.owner)
    actions.record_adoption(c, "not_adopted", "摊位费已按成本核定，无下调空间", by=world.owner)
    with at(date(2026, 4, 15)):
        text = client.get(detail_url(consultation)).content.decode()
        assert "无下调空间" not in text  # not before the feedback is published
        actions.conclude_consultation(consultation, by=world.owner, feedback="共收到意见1条，未采纳，理由如下。")
        response = client.get(detail_url(consultation))
    text = response.content.decode()
    assert "共收到意见1条" in text and "无下调空间" in text
    assert response.context["concluded"] is True


def test_drafts_not_yet_open_are_not_public(client, world, draft, frozen):
    future = actions.open_consultation(draft, by=world.owner, kind="decision", title="尚未开始", body="正文",
                                       opens_on=date(2026, 3, 20), closes_on=date(2026, 4, 30))
    assert client.get(detail_url(future)).status_code == 404
    assert "尚未开始" not in client.get(reverse("consultation:public_list")).content.decode()
