"""Every write of the agreement cycle, split by step (domain §7). Each service checks
permission, validates, runs in one transaction and writes an audit event."""

from agreements.services.amendments import (
    amendment_decide,
    amendment_request,
    amendment_start_version,
)
from agreements.services.committee import (
    agreement_reopen,
    agreement_submit_to_committee,
    committee_comment_add,
    committee_resolve,
)
from agreements.services.cycle import (
    agreement_start,
    agreement_update_settings,
    holiday_add,
    holiday_delete,
)
from agreements.services.drafting import (
    attachment_delete,
    briefing_record,
    data_request_create,
    data_request_respond,
    data_requests_remind,
    guideline_upload,
)
from agreements.services.memo import agreement_update_memo
from agreements.services.negotiation import (
    agreement_mark_agreed,
    negotiation_reopen,
    negotiation_round_create,
    negotiation_start,
    position_add,
    position_counter_record,
    position_settle,
)
from agreements.services.parties import PartyInput, agreement_parties_update
from agreements.services.publication import agreement_publish, agreement_unpublish_public
from agreements.services.signing import (
    acknowledgements_remind,
    agreement_acknowledge,
    agreement_circulate,
    agreement_lock_kpis,
    agreement_sign,
    signed_scan_upload,
)

__all__ = [
    "PartyInput",
    "acknowledgements_remind",
    "agreement_acknowledge",
    "agreement_circulate",
    "agreement_lock_kpis",
    "agreement_mark_agreed",
    "agreement_parties_update",
    "agreement_publish",
    "agreement_reopen",
    "agreement_sign",
    "agreement_start",
    "agreement_submit_to_committee",
    "agreement_unpublish_public",
    "agreement_update_memo",
    "agreement_update_settings",
    "amendment_decide",
    "amendment_request",
    "amendment_start_version",
    "attachment_delete",
    "briefing_record",
    "committee_comment_add",
    "committee_resolve",
    "data_request_create",
    "data_request_respond",
    "data_requests_remind",
    "guideline_upload",
    "holiday_add",
    "holiday_delete",
    "negotiation_reopen",
    "negotiation_round_create",
    "negotiation_start",
    "position_add",
    "position_counter_record",
    "position_settle",
    "signed_scan_upload",
]
