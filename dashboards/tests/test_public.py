"""The public page (issue 7 item 4): no login, only when published to the public, no personal
data beyond the overseers' names and positions."""

import pytest
from django.urls import reverse

from accounts.models import Person
from dashboards.tests.factories import (
    framework_with_kpis,
    public_agreement,
    report,
    rounds,
    set_state,
)
from reporting.models import RoundState


@pytest.fixture
def signed(org, overseer):
    person = Person.objects.get(user=overseer)
    person.phone = "0 2265 9999"
    person.email = "secret@example.go.th"
    person.position = "ผู้อำนวยการกองวิเคราะห์ผลกระทบสิ่งแวดล้อม"
    person.save()
    framework, kpis = framework_with_kpis(org.department, overseer=person)
    six, _twelve = rounds(framework)
    set_state(six, RoundState.State.CLOSED)
    report(six, kpis[0], "95")
    return framework


def test_public_page_shows_signed_kpis_targets_and_latest_results(client, signed):
    public_agreement(signed)
    response = client.get(reverse("public:department", args=["onep"]))
    assert response.status_code == 200
    page = response.text
    assert 'lang="th"' in page and 'class="skip"' in page
    assert "ร้อยละของรายงานที่พิจารณาแล้วเสร็จ 1" in page
    assert "80.00" in page and "100.00" in page  # targets
    assert "95.00" in page and "87.50" in page  # latest accepted result and its score
    assert "ยังไม่มีผลที่ตรวจรับแล้ว" in page  # the second KPI
    assert "ผู้อำนวยการกองวิเคราะห์ผลกระทบสิ่งแวดล้อม" in page  # overseer's position


def test_public_page_has_no_contact_details(client, signed):
    public_agreement(signed)
    page = client.get(reverse("public:department_year", args=["onep", 2569])).text
    assert "0 2265 9999" not in page and "secret@example.go.th" not in page


def test_public_page_is_404_until_published_to_the_public(client, signed):
    assert client.get(reverse("public:department", args=["onep"])).status_code == 404
    agreement = public_agreement(signed, public=False)  # intranet only
    assert client.get(reverse("public:department", args=["onep"])).status_code == 404
    agreement.public = True
    agreement.published_at = None  # flagged but not published
    agreement.save()
    assert client.get(reverse("public:department", args=["onep"])).status_code == 404


def test_public_page_of_another_year_is_404_when_that_year_is_not_public(client, signed):
    public_agreement(signed)
    assert client.get(reverse("public:department_year", args=["onep", 2568])).status_code == 404
    assert client.get(reverse("public:department", args=["nosuch"])).status_code == 404


def test_public_page_shows_unaccepted_results_as_missing(client, org, signed):
    from reporting.models import Submission

    Submission.objects.update(state=Submission.State.RETURNED)
    public_agreement(signed)
    page = client.get(reverse("public:department", args=["onep"])).text
    assert "95.00" not in page


def test_dashboard_links_to_the_public_page_once_public(client, signed, executive):
    client.force_login(executive)
    url = reverse("dashboards:department", args=["onep", 2569])
    public_url = reverse("public:department_year", args=["onep", 2569])
    assert public_url not in client.get(url).text
    public_agreement(signed)
    assert public_url in client.get(url).text
