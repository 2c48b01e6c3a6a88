from django.urls import path

from agreements.views import cycle, drafting, negotiation, signing

app_name = "agreements"

Y = "<slug:code>/<year:year>/"

urlpatterns = [
    path("", cycle.index, name="index"),
    path("intranet/", signing.intranet_index, name="intranet_index"),
    path("public/<slug:code>/<year:year>/", cycle.public, name="public"),
    path("files/<id:pk>/", cycle.download, name="download"),
    path(Y, cycle.cycle, name="cycle"),
    path(Y + "settings/", cycle.settings_page, name="settings"),
    path(Y + "parties/", cycle.parties, name="parties"),
    path(Y + "holidays/<id:pk>/delete/", cycle.holiday_delete, name="holiday_delete"),
    path(Y + "history/", cycle.history, name="history"),
    # Step 1
    path(Y + "drafting/", drafting.drafting, name="drafting"),
    path(Y + "drafting/guidelines/", drafting.guideline_upload, name="guideline_upload"),
    path(Y + "drafting/briefings/", drafting.briefing_new, name="briefing_new"),
    path(Y + "drafting/requests/", drafting.data_request_new, name="data_request_new"),
    path(
        Y + "drafting/requests/remind/", drafting.data_requests_remind, name="data_requests_remind"
    ),
    path(Y + "drafting/requests/<id:pk>/", drafting.data_request, name="data_request"),
    path(
        Y + "drafting/files/<id:pk>/delete/", drafting.attachment_delete, name="attachment_delete"
    ),
    path(Y + "submit/", drafting.submit, name="submit"),
    path(Y + "reopen/", drafting.reopen, name="reopen"),
    path(Y + "committee/", drafting.committee, name="committee"),
    path(Y + "committee/resolve/", drafting.resolve, name="resolve"),
    # Step 2
    path(Y + "negotiation/", negotiation.negotiation, name="negotiation"),
    path(Y + "negotiation/start/", negotiation.negotiation_start, name="negotiation_start"),
    path(Y + "negotiation/rounds/", negotiation.round_new, name="round_new"),
    path(
        Y + "negotiation/rounds/<id:number>/",
        negotiation.negotiation_round,
        name="negotiation_round",
    ),
    path(Y + "negotiation/rounds/<id:number>/add/", negotiation.position_add, name="position_add"),
    path(Y + "negotiation/positions/<id:pk>/", negotiation.position, name="position"),
    path(Y + "negotiation/agree/", negotiation.agree, name="agree"),
    path(Y + "negotiation/reopen/", negotiation.negotiation_reopen, name="negotiation_reopen"),
    path(Y + "negotiation/diff/", negotiation.negotiation_diff, name="negotiation_diff"),
    # Step 3
    path(Y + "signing/", signing.signing, name="signing"),
    path(Y + "signing/lock/", signing.lock_kpis, name="lock_kpis"),
    path(Y + "signing/sign/", signing.sign, name="sign"),
    path(Y + "signing/scan/", signing.scan_upload, name="scan_upload"),
    path(Y + "signing/circulate/", signing.circulate, name="circulate"),
    path(Y + "signing/remind/", signing.acknowledgements_remind, name="acknowledgements_remind"),
    path(Y + "signing/publish/", signing.publish, name="publish"),
    path(Y + "signing/unpublish/", signing.unpublish_public, name="unpublish_public"),
    path(Y + "acknowledge/", signing.acknowledge, name="acknowledge"),
    path(Y + "intranet/", signing.intranet, name="intranet"),
    path(Y + "amendments/", signing.amendments, name="amendments"),
    path(Y + "amendments/<id:pk>/decide/", signing.amendment_decide, name="amendment_decide"),
    path(Y + "amendments/<id:pk>/version/", signing.amendment_version, name="amendment_version"),
]
