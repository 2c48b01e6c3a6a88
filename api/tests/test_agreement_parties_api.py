"""The agreement's parties in the API (issue 17 item 7): givers and receivers in order."""

from django.test import Client

from agreements import services
from agreements.services import PartyInput


def test_agreement_lists_its_givers_and_receivers_in_order(world, coordinator, bearer):
    services.agreement_parties_update(
        coordinator,
        world.agreement,
        givers=[PartyInput("นายประเสริฐ วงศ์ไทย", "เลขาธิการ")],
        receivers=[
            PartyInput("นายวิชัย ธรรมรักษา", "รัฐมนตรีว่าการกระทรวง"),
            PartyInput("นายจตุพร บุรุษพัฒน์", "ปลัดกระทรวง"),
        ],
    )
    headers = bearer(coordinator)

    detail = Client().get(f"/api/v1/agreements/{world.agreement.pk}", **headers).json()
    listed = Client().get("/api/v1/agreements", **headers).json()["items"]

    assert detail["givers"] == [{"order": 1, "name": "นายประเสริฐ วงศ์ไทย", "position": "เลขาธิการ"}]
    assert [(p["order"], p["name"]) for p in detail["receivers"]] == [
        (1, "นายวิชัย ธรรมรักษา"),
        (2, "นายจตุพร บุรุษพัฒน์"),
    ]
    mine = next(a for a in listed if a["id"] == world.agreement.pk)
    assert mine["receivers"] == detail["receivers"]


def test_an_agreement_without_parties_lists_none(world, coordinator, bearer):
    detail = Client().get(f"/api/v1/agreements/{world.agreement.pk}", **bearer(coordinator))

    assert detail.json()["givers"] == [] and detail.json()["receivers"] == []
