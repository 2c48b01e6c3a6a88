import pytest

from accounts.models import Person
from documents.tests.factories import agreement_for, sign


@pytest.fixture
def agreement(org, overseer, owner):
    """onep's FY 2569 agreement with four KPIs, before signing."""
    return agreement_for(org, overseer=overseer, owner=owner)


@pytest.fixture
def signed(agreement, executive, coordinator):
    """The same agreement signed by the executive; the coordinator (of the admdev group)
    has a telephone number for the memo."""
    Person.objects.filter(user=coordinator).update(phone="0 2265 6501")
    return sign(agreement, executive)
