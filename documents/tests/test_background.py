"""Documents built by the task worker (issue 19 item 4): one job for two clicks, the stored file
reused while the data is unchanged and built anew after a change, the status fragment's states,
the reader rule (404) on the start, status and file URLs, and the file as downloaded."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from documents import background, registry
from documents.background import content_hash, document_job_build, document_job_request
from documents.models import BuiltDocument
from documents.registry import DOCUMENTS, DocumentOptions, build_content
from documents.tests.helpers import docx_text, squash
from documents.tests.sar_setup import FIRST_NAME, accepted_round
from indicators.models import Kpi

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTMX = {"HTTP_HX_REQUEST": "true"}
State = BuiltDocument.State


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_round(org, owner, overseer, coordinator):
    return accepted_round(org, owner, overseer, coordinator).round


@pytest.fixture
def renders(monkeypatch):
    """Counts the renderings (the slow part a job does once) and keeps PDFs off Chromium."""
    calls: list[str] = []
    real = registry.render_content

    def counting(slug: str, subject: Any, fmt: str, content: Any):
        calls.append(f"{slug}.{fmt}")
        return real(slug, subject, fmt, content)

    monkeypatch.setattr(background, "render_content", counting)
    for kind in DOCUMENTS.values():
        monkeypatch.setitem(kind.renderers, "pdf", lambda layout: b"%PDF-1.4 test\n%%EOF\n")
    return calls


@pytest.fixture
def enqueued(monkeypatch):
    """Job ids handed to the worker, without running them (the worker is `document_job_build`)."""
    ids: list[int] = []
    monkeypatch.setattr(background, "_enqueue", ids.append)
    return ids


def build_url(round_id: int, fmt: str = "docx", kind: str = "document_sar_build") -> str:
    return reverse(kind, args=(round_id, fmt))


def click(client, url: str, capture) -> Any:
    """One click of the button (htmx), with the after-commit enqueue run as a real commit would."""
    with capture(execute=True):
        return client.post(url, **HTMX)


# One job for two clicks ------------------------------------------------------------------------


def test_two_clicks_while_queued_start_one_job(
    client, coordinator, executive, sar_round, enqueued, renders, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    first = click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    client.force_login(executive)
    second = click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)

    job = BuiltDocument.objects.get()
    assert enqueued == [job.pk]
    assert job.state == State.QUEUED
    assert first.status_code == second.status_code == 200
    assert f'id="doc-job-{job.pk}"' in second.content.decode()
    assert renders == []

    assert document_job_build(job.pk) == State.READY
    assert document_job_build(job.pk) == State.READY  # a duplicate delivery builds nothing
    assert renders == ["sar.docx"]


def test_with_the_inline_worker_a_click_builds_and_the_next_reuses_the_file(
    client, coordinator, sar_round, renders, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    first = click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    job = BuiltDocument.objects.get()
    job.refresh_from_db()
    assert job.state == State.READY and job.task_id
    assert 'hx-trigger="every 2s"' in first.content.decode()  # answered while queued

    again = click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)

    assert BuiltDocument.objects.count() == 1
    assert renders == ["sar.docx"]
    body = again.content.decode()
    assert reverse("document_job_file", args=(job.pk,)) in body
    assert "hx-trigger" not in body


def test_concurrent_inserts_of_one_content_are_refused_by_the_constraint(sar_round):
    values = {"kind": "sar", "format": "pdf", "scope": "round", "subject_id": sar_round.pk}
    values["content_hash"] = "x"
    BuiltDocument.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        BuiltDocument.objects.create(**values)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads on one in-memory SQLite database lock"
)
def test_two_concurrent_clicks_on_postgresql_start_one_job(
    org, owner, overseer, coordinator, monkeypatch
):
    round_ = accepted_round(org, owner, overseer, coordinator).round
    enqueued: list[int] = []
    monkeypatch.setattr(background, "_enqueue", enqueued.append)
    barrier = threading.Barrier(2)
    real = BuiltDocument.objects.get_or_create
    jobs: list[int] = []
    errors: list[BaseException] = []

    def get_or_create(**kwargs: Any):
        barrier.wait(timeout=10)  # both requests have hashed and look for the row at once
        return real(**kwargs)

    monkeypatch.setattr(BuiltDocument.objects, "get_or_create", get_or_create)

    def request() -> None:
        try:
            options = DocumentOptions(thai_digits=True)
            jobs.append(document_job_request(coordinator, "sar", round_, "pdf", options).pk)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert len(set(jobs)) == 1 and len(jobs) == 2
    assert BuiltDocument.objects.count() == 1
    assert enqueued == jobs[:1]


# Reused while unchanged, rebuilt after a change --------------------------------------------------


def test_a_change_of_data_builds_the_document_anew(
    client, coordinator, sar_round, renders, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    assert renders == ["sar.docx"]

    Kpi.objects.filter(framework=sar_round.framework, number="1").update(
        name_th="ร้อยละของรายงานที่แก้ชื่อแล้ว"
    )
    response = click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)

    assert renders == ["sar.docx", "sar.docx"]
    old, new = BuiltDocument.objects.order_by("pk")
    assert old.content_hash != new.content_hash
    assert new.state == State.READY
    assert f'id="doc-job-{new.pk}"' in response.content.decode()
    file = client.get(reverse("document_job_file", args=(new.pk,)))
    assert squash("ร้อยละของรายงานที่แก้ชื่อแล้ว") in squash(docx_text(b"".join(file)))


def test_the_hash_follows_the_content_and_the_options(sar_round):
    thai = DocumentOptions(thai_digits=True)
    arabic = DocumentOptions(thai_digits=False)
    content = build_content("sar", sar_round, thai)

    assert content_hash("sar", "pdf", thai, content) == content_hash(
        "sar", "pdf", thai, build_content("sar", sar_round, thai)
    )
    assert content_hash("sar", "pdf", thai, content) != content_hash("sar", "docx", thai, content)
    assert content_hash("sar", "pdf", thai, content) != content_hash(
        "sar", "pdf", arabic, build_content("sar", sar_round, arabic)
    )
    assert content_hash("sar", "pdf", thai, content) != content_hash(
        "executive-summary", "pdf", thai, content
    )


def test_data_changed_while_queued_fails_the_job_and_asks_for_another_click(
    client, coordinator, sar_round, enqueued, renders, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    Kpi.objects.filter(framework=sar_round.framework, number="1").update(name_th="ชื่อใหม่")

    assert document_job_build(enqueued[0]) == State.FAILED
    assert renders == []
    retry = click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    assert BuiltDocument.objects.count() == 2  # the new data, a new job
    assert len(enqueued) == 2
    assert retry.status_code == 200


# The status fragment -------------------------------------------------------------------------


def test_status_fragment_shows_each_state(
    client, coordinator, sar_round, enqueued, renders, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    click(client, build_url(sar_round.pk, "pdf"), django_capture_on_commit_callbacks)
    job = BuiltDocument.objects.get()
    status = reverse("document_job_status", args=(job.pk,))

    queued = client.get(status, **HTMX).content.decode()
    assert "รอคิวสร้างเอกสาร" in queued and 'hx-trigger="every 2s"' in queued
    assert "<html" not in queued  # a fragment

    BuiltDocument.objects.filter(pk=job.pk).update(state=State.BUILDING)
    building = client.get(status, **HTMX).content.decode()
    assert "กำลังสร้างเอกสาร" in building and 'hx-trigger="every 2s"' in building

    BuiltDocument.objects.filter(pk=job.pk).update(state=State.QUEUED)
    document_job_build(job.pk)
    ready = client.get(status, **HTMX).content.decode()
    assert reverse("document_job_file", args=(job.pk,)) in ready
    assert "hx-trigger" not in ready

    BuiltDocument.objects.filter(pk=job.pk).update(
        state=State.FAILED, error=background.BUILD_FAILED
    )
    failed = client.get(status, **HTMX).content.decode()
    assert "สร้างเอกสารไม่สำเร็จ" in failed and background.BUILD_FAILED in failed
    assert f'hx-post="{build_url(sar_round.pk, "pdf")}"' in failed  # the retry

    page = client.get(status)  # without htmx: a page around the fragment
    assert "<html" in page.content.decode()


def test_retry_after_a_failure_queues_the_same_job_again(
    client, coordinator, sar_round, enqueued, renders, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    job = BuiltDocument.objects.get()
    BuiltDocument.objects.filter(pk=job.pk).update(state=State.FAILED, error="x")

    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)

    job.refresh_from_db()
    assert job.state == State.QUEUED and job.error == "" and job.attempts == 1
    assert enqueued == [job.pk, job.pk]
    assert document_job_build(job.pk) == State.READY


def test_a_render_failure_is_a_failed_job_with_a_thai_message(
    client, coordinator, sar_round, monkeypatch, django_capture_on_commit_callbacks
):
    from documents.chromium import PdfRenderError

    def broken(layout):
        raise PdfRenderError("ไม่พบโปรแกรม Chromium สำหรับสร้าง PDF")

    monkeypatch.setitem(DOCUMENTS["sar"].renderers, "pdf", broken)
    client.force_login(coordinator)
    click(client, build_url(sar_round.pk, "pdf"), django_capture_on_commit_callbacks)

    job = BuiltDocument.objects.get()
    assert job.state == State.FAILED
    status = client.get(reverse("document_job_status", args=(job.pk,)), **HTMX)
    assert "ไม่พบโปรแกรม Chromium" in status.content.decode()


def test_a_job_stuck_longer_than_the_stale_time_is_queued_again(
    client, coordinator, sar_round, enqueued, settings, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    assert len(enqueued) == 1
    settings.PRAMOEN_DOCUMENT_JOB_STALE_SECONDS = -1  # every job in progress is stale

    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)

    assert len(enqueued) == 2 and BuiltDocument.objects.count() == 1


# The reader rule ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "staff", "evaluator", "outsider"])
def test_who_may_not_read_the_sar_gets_404_on_start_status_and_file(
    request, client, coordinator, sar_round, renders, persona, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    job = BuiltDocument.objects.get()
    assert job.state == State.READY

    client.force_login(request.getfixturevalue(persona))

    assert client.post(build_url(sar_round.pk), **HTMX).status_code == 404
    assert client.get(reverse("document_job_status", args=(job.pk,))).status_code == 404
    assert client.get(reverse("document_job_file", args=(job.pk,))).status_code == 404
    assert BuiltDocument.objects.count() == 1


def test_anonymous_is_sent_to_login(client, sar_round):
    response = client.post(build_url(sar_round.pk))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_sheets_with_drafts_are_hidden_from_a_reader_of_published_versions(
    client, coordinator, staff, org, sar_round, renders, django_capture_on_commit_callbacks
):
    framework = sar_round.framework
    client.force_login(coordinator)
    url = reverse("document_kpi_sheets_build", args=(framework.pk, "docx"))
    click(client, url, django_capture_on_commit_callbacks)
    job = BuiltDocument.objects.get()
    assert job.drafts is True and job.state == State.READY

    client.force_login(staff)  # the year is not published: staff read nothing of it
    assert client.get(reverse("document_job_file", args=(job.pk,))).status_code == 404
    assert client.post(url, **HTMX).status_code == 404


def test_unknown_format_is_404(client, coordinator, sar_round):
    client.force_login(coordinator)
    assert client.post(build_url(sar_round.pk, "xlsx")).status_code == 404


# The file --------------------------------------------------------------------------------


def test_the_built_docx_downloads_with_its_type_and_thai_name(
    client, coordinator, sar_round, renders, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    job = BuiltDocument.objects.get()

    response = client.get(reverse("document_job_file", args=(job.pk,)))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert 'filename="sar-onep-2569-6m.docx"' in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert squash(FIRST_NAME) in squash(docx_text(b"".join(response.streaming_content)))


def test_the_built_pdf_of_the_executive_summary_downloads_as_pdf(
    client, executive, sar_round, renders, django_capture_on_commit_callbacks
):
    client.force_login(executive)
    url = build_url(sar_round.pk, "pdf", "document_executive_summary_build")
    click(client, url, django_capture_on_commit_callbacks)
    job = BuiltDocument.objects.get()

    response = client.get(reverse("document_job_file", args=(job.pk,)))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="executive-summary-onep-2569-6m.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_without_htmx_the_button_leads_to_the_status_page(
    client, coordinator, sar_round, enqueued, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(build_url(sar_round.pk))
    job = BuiltDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("document_job_status", args=(job.pk,))


def test_the_round_page_offers_the_background_buttons(client, coordinator, sar_round):
    client.force_login(coordinator)
    page = client.get(reverse("reporting:round_detail", args=(sar_round.pk,))).content.decode()
    assert f'hx-post="{build_url(sar_round.pk, "pdf")}"' in page
    assert reverse("document_esar", args=(sar_round.pk, "xlsx")) in page  # still synchronous


def test_a_new_build_removes_files_of_older_data_left_alone_for_an_hour(
    client, coordinator, sar_round, renders, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    client.force_login(coordinator)
    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)
    old = BuiltDocument.objects.get()
    storage = old.file.storage
    assert storage.exists(old.file.name)
    BuiltDocument.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=2)
    )
    Kpi.objects.filter(framework=sar_round.framework, number="1").update(name_th="ชื่อใหม่")

    click(client, build_url(sar_round.pk), django_capture_on_commit_callbacks)

    new = BuiltDocument.objects.get()
    assert new.pk != old.pk and new.state == State.READY
    assert not storage.exists(old.file.name)
