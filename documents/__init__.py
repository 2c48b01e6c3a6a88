"""Documents (domain §10): builders (ORM → dataclasses), layouts (dataclasses → blocks with Thai
labels) and renderers (blocks → PDF via Chromium, DOCX via python-docx). Entry point for views
and the `export_document` command: `documents.registry.render_document`."""
