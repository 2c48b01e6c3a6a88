"""The REST API (django-ninja) under /api/v1/; OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="pramoen API",
    version="1",
    urls_namespace="api-1",
    description="ประเมิน — คำรับรองและการประเมินผลการปฏิบัติราชการ",
)
