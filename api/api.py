"""The REST API (django-ninja) under /api/v1/; OpenAPI at /api/v1/openapi.json.

The interactive docs are off: ninja serves Swagger UI from a CDN unless "ninja" is in
INSTALLED_APPS, and our Content-Security-Policy forbids other origins. The OpenAPI document
stays available for clients and code generators.
"""

from ninja import NinjaAPI

from api import errors
from api.scoring import router as scoring_router

api = NinjaAPI(
    title="pramoen API",
    version="1",
    urls_namespace="api-1",
    description="ประเมิน — คำรับรองและการประเมินผลการปฏิบัติราชการ",
    docs_url=None,
)
errors.install(api)
api.add_router("/scoring", scoring_router)
