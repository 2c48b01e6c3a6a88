"""Models of the agreement cycle, split by step (domain §7)."""

from agreements.models.agreement import Agreement, AgreementParty, Holiday
from agreements.models.circulation import Acknowledgement, Amendment
from agreements.models.drafting import (
    BriefingMeeting,
    CommitteeComment,
    DataRequest,
    DataResponse,
    Resolution,
)
from agreements.models.files import Attachment
from agreements.models.negotiation import KpiPosition, NegotiationRound

__all__ = [
    "Acknowledgement",
    "Agreement",
    "AgreementParty",
    "Amendment",
    "Attachment",
    "BriefingMeeting",
    "CommitteeComment",
    "DataRequest",
    "DataResponse",
    "Holiday",
    "KpiPosition",
    "NegotiationRound",
    "Resolution",
]
