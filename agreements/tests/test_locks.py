"""Signed KPIs change only through an approved amendment (domain §7)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.demo import DemoYears
from agreements.locks import signed_agreement_lock
from agreements.models import Agreement
from indicators.locks import lock_reason
from indicators.models import Kpi
from indicators.services import kpi_new_version

pytestmark = pytest.mark.django_db


def _signed_kpi():
    from django.core.management import call_command

    call_command("load_demo", "--quiet-logins")
    agreement = Agreement.objects.get(
        framework__fiscal_year=DemoYears.of().last, framework__department__code="onep"
    )
    assert agreement.state in (Agreement.State.SIGNED, Agreement.State.CIRCULATED)
    kpi = Kpi.objects.filter(
        framework=agreement.framework, is_latest=True, state=Kpi.State.APPROVED
    ).first()
    return agreement, kpi


def test_new_version_of_signed_kpi_is_refused_without_amendment():
    from django.contrib.auth import get_user_model

    agreement, kpi = _signed_kpi()
    coordinator = get_user_model().objects.get(username="somchai")
    assert lock_reason(agreement.framework) == signed_agreement_lock(agreement.framework)
    with pytest.raises(ValidationError, match="คำขอแก้ไข"):
        kpi_new_version(coordinator, kpi)
    assert Kpi.objects.filter(key=kpi.key).count() == 1


def test_amendment_may_open_a_new_version_of_a_signed_kpi():
    from django.contrib.auth import get_user_model

    _agreement, kpi = _signed_kpi()
    coordinator = get_user_model().objects.get(username="somchai")
    new = kpi_new_version(coordinator, kpi, amendment=True)
    assert new.version == kpi.version + 1
    assert new.state == Kpi.State.DRAFT
