"""The parties to the agreement (issue 17 item 7): several givers and receivers, in order,
named by the coordinator through an audited service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.content import agreement_content
from agreements.models import AgreementParty
from agreements.services import PartyInput
from core.models import AuditEvent

MINISTER = PartyInput("นายวิชัย ธรรมรักษา", "รัฐมนตรีว่าการกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม")
PERMSEC = PartyInput("นายจตุพร บุรุษพัฒน์", "ปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม")
HEAD = PartyInput("นายประเสริฐ วงศ์ไทย", "เลขาธิการ")
DEPUTY = PartyInput("นางสาวณัฐธยา ตรวจสอบ", "รองเลขาธิการ")


def _rows(agreement):
    return [
        (p.side, p.order, p.name, p.position)
        for p in AgreementParty.objects.filter(agreement=agreement).order_by("side", "order")
    ]


def test_coordinator_names_several_givers_and_receivers_in_order(cycle, coordinator):
    services.agreement_parties_update(
        coordinator, cycle.agreement, givers=[HEAD, DEPUTY], receivers=[MINISTER, PERMSEC]
    )

    assert _rows(cycle.agreement) == [
        ("giver", 1, HEAD.name, HEAD.position),
        ("giver", 2, DEPUTY.name, DEPUTY.position),
        ("receiver", 1, MINISTER.name, MINISTER.position),
        ("receiver", 2, PERMSEC.name, PERMSEC.position),
    ]
    content = agreement_content(cycle.agreement)
    assert [p.name for p in content.receivers] == [MINISTER.name, PERMSEC.name]
    assert [p.name for p in content.givers] == [HEAD.name, DEPUTY.name]


def test_saving_again_replaces_the_list_and_the_audit_keeps_what_it_replaced(cycle, coordinator):
    agreement = cycle.agreement
    services.agreement_parties_update(coordinator, agreement, givers=[HEAD], receivers=[PERMSEC])
    version = agreement.version

    services.agreement_parties_update(
        coordinator, agreement, givers=[HEAD], receivers=[PERMSEC, MINISTER, PartyInput(" ", "")]
    )

    assert [r[2] for r in _rows(agreement) if r[0] == "receiver"] == [PERMSEC.name, MINISTER.name]
    event = AuditEvent.objects.filter(action="agreements.agreement.parties_changed").latest("pk")
    assert event.object_id == str(agreement.pk)
    assert event.data["before"]["receiver"] == [
        {"name": PERMSEC.name, "position": PERMSEC.position}
    ]
    assert [p["name"] for p in event.data["after"]["receiver"]] == [PERMSEC.name, MINISTER.name]
    agreement.refresh_from_db()
    assert agreement.version == version + 1


@pytest.mark.parametrize(
    "persona", ["owner", "executive", "committee_member", "evaluator", "staff"]
)
def test_only_the_coordinator_names_the_parties_and_a_refusal_changes_nothing(
    cycle, coordinator, persona, request
):
    services.agreement_parties_update(coordinator, cycle.agreement, givers=[HEAD], receivers=[])
    before, events = _rows(cycle.agreement), AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.agreement_parties_update(
            request.getfixturevalue(persona), cycle.agreement, givers=[], receivers=[MINISTER]
        )

    assert _rows(cycle.agreement) == before
    assert AuditEvent.objects.count() == events


def test_a_party_needs_both_name_and_position(cycle, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.agreement_parties_update(
            coordinator, cycle.agreement, givers=[PartyInput("นายก", "")], receivers=[]
        )

    assert "giver-0-position" in refused.value.error_dict
    assert not AgreementParty.objects.exists()


def test_a_signer_without_a_giver_row_shows_as_the_giver(cycle, executive):
    """Signing records the signer as a party (test_path); an agreement signed before that
    still names its signer."""
    from accounts.models import Person

    signer = Person.objects.get(user=executive)
    agreement = cycle.agreement
    agreement.signer = signer
    content = agreement_content(agreement)  # not yet a row: the signer shows as giver

    assert [p.name for p in content.givers] == [signer.full_name]


def _form_url(agreement):
    return reverse(
        "agreements:parties",
        kwargs={
            "code": agreement.framework.department.code,
            "year": agreement.framework.fiscal_year,
        },
    )


def _post_body(givers, receivers):
    body: dict[str, str] = {}
    for side, rows in (("giver", givers), ("receiver", receivers)):
        body |= {
            f"{side}-TOTAL_FORMS": str(len(rows)),
            f"{side}-INITIAL_FORMS": "0",
            f"{side}-MIN_NUM_FORMS": "0",
            f"{side}-MAX_NUM_FORMS": "6",
        }
        for index, (order, name, position) in enumerate(rows):
            body |= {
                f"{side}-{index}-ORDER": order,
                f"{side}-{index}-name": name,
                f"{side}-{index}-position": position,
            }
    return body


def test_form_saves_in_the_numbered_order(cycle, coordinator):
    client = Client()
    client.force_login(coordinator)
    body = _post_body(
        [("1", HEAD.name, HEAD.position)],
        [("2", PERMSEC.name, PERMSEC.position), ("1", MINISTER.name, MINISTER.position)],
    )

    response = client.post(_form_url(cycle.agreement), body)

    assert response.status_code == 302
    assert [r[2] for r in _rows(cycle.agreement) if r[0] == "receiver"] == [
        MINISTER.name,
        PERMSEC.name,
    ]
    page = client.get(_form_url(cycle.agreement)).content.decode()
    assert MINISTER.name in page and 'name="receiver-2-name"' in page  # a blank row to add one


def test_form_with_an_error_keeps_what_was_typed_and_saves_nothing(cycle, coordinator):
    client = Client()
    client.force_login(coordinator)
    body = _post_body([("1", "นายผู้ให้ ที่พิมพ์ไว้", "")], [("1", MINISTER.name, MINISTER.position)])

    response = client.post(_form_url(cycle.agreement), body)

    assert response.status_code == 422
    page = response.content.decode()
    assert "นายผู้ให้ ที่พิมพ์ไว้" in page and MINISTER.position in page
    assert "กรุณาระบุตำแหน่ง" in page
    assert not AgreementParty.objects.exists()


def test_form_is_the_coordinators_only(cycle, owner, executive):
    for user in (owner, executive):
        client = Client()
        client.force_login(user)
        assert client.get(_form_url(cycle.agreement)).status_code == 404
        body = _post_body([], [("1", MINISTER.name, MINISTER.position)])
        assert client.post(_form_url(cycle.agreement), body).status_code == 404
    assert not AgreementParty.objects.exists()
