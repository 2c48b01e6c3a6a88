"""The REST API (django-ninja) under /api/v1/; OpenAPI at /api/v1/openapi.json, interactive
docs at /api/v1/docs.

Every endpoint reads through the same selectors and writes through the same services as the
pages (no rule written twice); what the caller may not see answers 404. Callers authenticate
with a personal access token (`Authorization: Bearer prm_…`, made in the profile page) or the
browser session (with the CSRF header on unsafe methods): see api.auth. Every error is an
api.errors.ErrorOut body.

The docs page is ninja's own Swagger UI served from ninja's bundled static files ("ninja" is
in INSTALLED_APPS): no CDN, no inline script or style, so it runs under our CSP.

Reporting (rounds, submissions, their review, scores and the agency total) is api.reporting's
router over reporting.selectors/services, with its writes in api.reporting_write; more
reporting endpoints (the results file and import, api.reporting_import) register on that same
`api.reporting.router`.
"""

from ninja import NinjaAPI, Swagger

from api import (
    agencies,
    agreements,
    audit,
    documents,
    errors,
    evaluator,
    frameworks,
    kpi_write,
    kpis,
    reporting,
    reporting_import,
    reporting_write,
    tasks,
)
from api.auth import DEFAULT_AUTH
from api.scoring import router as scoring_router

api = NinjaAPI(
    title="pramoen API",
    version="1",
    urls_namespace="api-1",
    description="ประเมิน — คำรับรองและการประเมินผลการปฏิบัติราชการ. "
    "ยืนยันตัวตนด้วยโทเค็นส่วนตัว (Authorization: Bearer <โทเค็น>) ที่สร้างในหน้า “โทเค็น API” "
    "หรือด้วยการเข้าสู่ระบบผ่านเว็บ (ส่ง X-CSRFToken เมื่อแก้ไขข้อมูล). "
    "ข้อผิดพลาดทุกกรณีตอบเป็น JSON {code, message_th, message_en, detail}.",
    auth=DEFAULT_AUTH,
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
)
errors.install(api)
api.add_router("/scoring", scoring_router)
# api.kpi_write adds PATCH /kpis/{id} to api.kpis.router (one path, several methods).
assert kpi_write.KpiPatchIn is not None
# api.reporting_write adds the writes of a report to api.reporting.router.
assert reporting_write.SubmissionPatchIn is not None
# api.reporting_import adds the results file and the bulk import to the same router.
assert reporting_import.ImportOut is not None
for module in (
    agencies,
    tasks,
    evaluator,
    frameworks,
    kpis,
    agreements,
    audit,
    documents,
    reporting,
):
    api.add_router("", module.router)
