"""Pages through the scope: the owner acts, a colleague and an outsider see nothing, the office reviews and
decides, the public reads only what was published."""

from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.decisions import actions, rules
from fazhi.decisions.models import Catalog, CatalogItem, Decision
from fazhi.decisions.tests.conftest import prepare

pytestmark = pytest.mark.django_db


def detail(decision):
    return reverse("decisions:detail", args=[decision.pk])


def act(decision, action):
    return reverse("decisions:act", args=[decision.pk, action])


def test_pages_need_a_log_in(decision, client):
    for url in (reverse("decisions:list"), detail(decision), reverse("decisions:catalog_list")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_detail_per_persona(decision, world, as_user):
    client = as_user(world.owner)
    page = client.get(detail(decision))
    assert page.status_code == 200
    forms = page.context["step_forms"]
    assert {"consult", "record_participation", "skip_participation", "record_expert", "skip_risk"} <= set(forms)
    assert "decide" not in forms and "opinion" not in forms
    html = page.content.decode()
    assert 'data-testid="timeline"' in html and 'data-step="legality_review"' in html
    for user in (world.colleague, world.outsider):
        assert as_user(user).get(detail(decision)).status_code == 404
        assert as_user(user).post(act(decision, "skip_hearing"), {"skip_hearing-reason": "x"}).status_code == 404
    leader = as_user(world.leader).get(detail(decision))
    assert leader.status_code == 200 and leader.context["step_forms"] == {}
    assert as_user(world.leader).post(act(decision, "skip_hearing"), {"skip_hearing-reason": "x"}).status_code == 403
    assert as_user(world.supervisor).get(detail(decision)).status_code == 200


def test_list_is_scoped_and_filtered(decision, world, as_user, item):
    other = actions.start_decision(item.catalog.items.get(agency__code="sfx-jyj"), by=world.colleague)
    def listed(client, **filters):
        return [row["pk"] for row in client.get(reverse("decisions:list"), filters).context["rows"]]

    assert listed(as_user(world.owner)) == [decision.pk]
    office = as_user(world.office)
    assert set(listed(office)) == {decision.pk, other.pk}
    assert listed(office, agency="sfx-jyj", year=2026) == [other.pk]
    assert listed(office, q="农贸") == [decision.pk]
    assert listed(office, status="decided") == []
    assert listed(as_user(world.outsider)) == []


def test_export_keeps_the_filters(decision, world, as_user, item):
    actions.start_decision(item.catalog.items.get(agency__code="sfx-jyj"), by=world.colleague)
    response = as_user(world.office).get(reverse("decisions:export"), {"agency": "sfx-scj"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    import io

    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][1] == "Decision title" and [r[1] for r in rows[1:]] == ["县城农贸市场提升改造方案"]
    from fazhi.audit.models import AuditEntry

    entry = AuditEntry.objects.filter(action="export").latest("pk")  # who took which list home
    assert entry.actor == world.office and entry.changes["decisions"][1] == {"agency": "sfx-scj"}


def test_skip_without_reason_keeps_the_form_and_says_why(decision, world, as_user):
    client = as_user(world.owner)
    response = client.post(act(decision, "skip_hearing"), {"skip_hearing-reason": ""})
    assert response.status_code == 200
    assert response.context["step_forms"]["skip_hearing"].errors["reason"]
    response = client.post(act(decision, "skip_hearing"), {"skip_hearing-reason": "不涉及特定群体利益"})
    assert response.status_code == 302
    page = client.get(detail(decision)).content.decode()
    assert "不涉及特定群体利益" in page and "skip_hearing" not in client.get(detail(decision)).context["step_forms"]


def test_refused_decision_names_the_missing_steps_on_the_page(decision, world, as_user):
    response = as_user(world.office).post(act(decision, "decide"), {"decide-decided_on": "2026-03-10"})
    assert response.status_code == 200
    errors = response.context["step_forms"]["decide"].non_field_errors()
    assert "cannot be taken before these steps" in errors[0] and "“legality review”" in errors[0]
    assert Decision.objects.get(pk=decision.pk).status == "drafting"


def test_a_step_recorded_through_the_page(decision, world, as_user):
    prepare(decision, world)
    client = as_user(world.owner)
    response = client.post(act(decision, "submit_review"), {"submit_review-submitted_on": "2026-03-06",
                                                             "submit_review-materials": "草案及说明"})
    assert response.status_code == 302
    page = client.get(detail(decision))
    assert page.context["window"].earliest_discussion == date(2026, 3, 17)
    assert 'data-testid="review-window"' in page.content.decode()
    office = as_user(world.office)
    assert "opinion" in office.get(detail(decision)).context["step_forms"]
    response = office.post(act(decision, "opinion"), {"opinion-opinion": "合法", "opinion-opinion_on": "2026-03-09",
                                                      "opinion-passed": "yes"})
    assert response.status_code == 302
    assert Decision.objects.get(pk=decision.pk).status == "discussion"


def test_catalogue_pages(world, as_user, frozen):
    office = as_user(world.office)
    response = office.post(reverse("decisions:catalog_create"), {"body": world.agency("sfx-gov").pk, "year": 2027})
    catalog = Catalog.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("decisions:catalog_detail",
                                                                           args=[catalog.pk])
    clerk = as_user(world.owner)
    assert clerk.get(reverse("decisions:catalog_create")).status_code == 403
    page = clerk.get(reverse("decisions:catalog_detail", args=[catalog.pk]))
    assert list(page.context["step_forms"]["propose"].fields["agency"].queryset) == [world.agency("sfx-scj")]
    response = clerk.post(reverse("decisions:catalog_act", args=[catalog.pk, "propose"]), {
        "agency": world.agency("sfx-scj").pk, "name": "食品安全示范县创建方案", "category": "public_policy",
        "planned_completion": "2027-06-30"})
    assert response.status_code == 302
    item = CatalogItem.objects.get(catalog=catalog)
    assert clerk.post(reverse("decisions:item_act", args=[item.pk, "include"])).status_code == 403
    # A colleague of another department does not see the 县市场监管局's proposal in the draft.
    colleague = as_user(world.colleague).get(reverse("decisions:catalog_detail", args=[catalog.pk]))
    assert colleague.context["items"] == []
    assert as_user(world.outsider).get(reverse("decisions:catalog_detail", args=[catalog.pk])).status_code == 404
    office = as_user(world.office)
    assert office.post(reverse("decisions:item_act", args=[item.pk, "include"])).status_code == 302
    response = office.post(reverse("decisions:catalog_act", args=[catalog.pk, "publish"]),
                           {"published_on": "2026-03-10", "channel": "网站"})
    assert "before the Party committee has agreed" in response.content.decode()
    office.post(reverse("decisions:catalog_act", args=[catalog.pk, "approve"]), {"approved_on": "2026-03-01"})
    office.post(reverse("decisions:catalog_act", args=[catalog.pk, "publish"]),
                {"published_on": "2026-03-05", "channel": "网站"})
    assert Catalog.objects.get(pk=catalog.pk).status == "published"
    response = office.post(reverse("decisions:item_act", args=[item.pk, "remove"]),
                           {"reason": "", "approved_on": "2026-03-09"})
    assert response.status_code == 200 and CatalogItem.objects.get(pk=item.pk).status == "listed"
    response = as_user(world.owner).post(reverse("decisions:item_act", args=[item.pk, "start"]), {"title": ""})
    decision = Decision.objects.get(catalog_item=item)
    assert response["Location"] == detail(decision) and decision.title == "食品安全示范县创建方案"


def test_public_pages_show_only_what_was_published(decision, world, client, catalog):
    draft = actions.create_catalog(world.agency("sfx-gov"), 2027, by=world.office)
    index = client.get(reverse("decisions:public_catalogs")).content.decode()
    assert catalog.title in index and draft.title not in index
    page = client.get(reverse("decisions:public_catalog", args=["sfx-gov", 2026]))
    assert page.status_code == 200
    rows = {r["item"].name: str(r["status"]) for r in page.context["rows"]}
    assert rows in ({"县城农贸市场提升改造方案": "in progress", "县城区义务教育学校布局调整规划": "not started"},
                    {"县城农贸市场提升改造方案": "进行中", "县城区义务教育学校布局调整规划": "未启动"})
    assert client.get(reverse("decisions:public_catalog", args=["sfx-gov", 2027])).status_code == 404
    assert client.get(reverse("decisions:public_detail", args=[decision.pk])).status_code == 404
    assert list(client.get(reverse("decisions:public_list")).context["page"]) == []
    Decision.objects.filter(pk=decision.pk).update(published_on=date(2026, 3, 10), decided_on=date(2026, 3, 9))
    assert list(client.get(reverse("decisions:public_list")).context["page"]) == [decision]
    assert client.get(reverse("decisions:public_detail", args=[decision.pk])).status_code == 200


def test_catalogue_item_on_the_agenda_until_started(world, catalog):
    from fazhi.core.agenda import items_for

    with_deadline = [i for i in items_for(world.colleague, date(2026, 11, 10)) if i.ledger == "Decision catalogue matters"]
    assert [i.title for i in with_deadline] == ["县城区义务教育学校布局调整规划"]


def test_list_queries_do_not_grow_with_the_rows(world, as_user, item, django_assert_max_num_queries):
    for n in range(30):
        actions.start_decision(None, by=world.owner, agency=world.agency("sfx-scj"),
                               deciding_body=world.agency("sfx-gov"), year=2026, category="other", title=f"决策{n}")
    client = as_user(world.office)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("decisions:list"), {"year": 2026, "agency": "sfx-scj"})
    assert page.context["page"].paginator.count == 30


@pytest.mark.django_db
def test_catalog_links_only_the_decisions_the_reader_may_open(world):
    from django.test import Client

    from fazhi.decisions.demo import build_demo_decisions

    build_demo_decisions()
    client = Client()
    client.force_login(world.owner)
    checked = 0
    for catalog in Catalog.objects.all():
        page = client.get(f"/decisions/catalogs/{catalog.pk}/")
        if page.status_code != 200:
            continue
        for decision in Decision.objects.filter(catalog_item__catalog=catalog):
            linked = f'href="/decisions/{decision.pk}/"' in page.content.decode()
            opens = client.get(f"/decisions/{decision.pk}/").status_code == 200
            assert linked <= opens, f"decision {decision.pk} is linked but answers 404 to the clerk"
            checked += 1
    assert checked


def test_the_timeline_follows_the_dates_of_the_steps(decision, world, as_user):
    actions.record_step(decision, "risk", by=world.owner, done_on=date(2026, 3, 1), assessor="评估中心",
                        conclusion="风险可控。", level="low")
    actions.record_step(decision, "expert", by=world.owner, done_on=date(2026, 3, 5), form="论证会",
                        experts="甲教授", opinions="可行。", organiser="县市场监管局")
    timeline = as_user(world.owner).get(detail(decision)).context["timeline"]
    kinds = [row.step.kind for row in timeline]
    assert kinds[:2] == ["risk", "expert"]  # the assessment took place first, though the law lists it after
    assert kinds[2:] == [k for k in rules.STEP_ORDER if k not in ("risk", "expert")]  # the rest as the law orders
