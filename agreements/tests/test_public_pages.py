"""The two public pages of a department's year link to each other: the agreement as signed
(agreements:public) and the agreement with its latest results (public:department[_year])."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from agreements.terms import snapshot_of
from agreements.tests.conftest import Cycle

pytestmark = pytest.mark.django_db
AGREEMENT_PAGE = reverse("agreements:public", kwargs={"code": "onep", "year": 2569})
RESULTS_PAGE = reverse("public:department_year", kwargs={"code": "onep", "year": 2569})


@pytest.fixture
def published(cycle: Cycle) -> Agreement:
    agreement: Agreement = cycle.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        state=Agreement.State.CIRCULATED,
        signed_snapshot=snapshot_of(cycle.framework),
        signed_on=timezone.localdate(),
        published_at=timezone.now(),
        public=True,
    )
    agreement.refresh_from_db()
    return agreement


def test_agreement_page_links_to_the_results_page(client, published):
    response = client.get(AGREEMENT_PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{RESULTS_PAGE}">ผลการปฏิบัติราชการ</a>' in html
    assert f'<a href="{AGREEMENT_PAGE}" aria-current="page">' in html
    assert client.get(RESULTS_PAGE).status_code == 200  # the link leads somewhere


@pytest.mark.parametrize(
    "page",
    [RESULTS_PAGE, reverse("public:department", kwargs={"code": "onep"})],
    ids=["with-year", "latest-year"],
)
def test_results_page_links_to_the_agreement_page(client, published, page):
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{AGREEMENT_PAGE}">คำรับรองการปฏิบัติราชการ (ฉบับที่ลงนาม)</a>' in html
    assert f'<a href="{RESULTS_PAGE}" aria-current="page">' in html
    assert "ข้อมูลที่เผยแพร่ต่อสาธารณะ" in html


def test_neither_page_exists_until_published_to_the_public(client, published):
    Agreement.objects.filter(pk=published.pk).update(public=False)
    assert client.get(AGREEMENT_PAGE).status_code == 404
    assert client.get(RESULTS_PAGE).status_code == 404
