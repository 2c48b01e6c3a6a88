// Forms never lose input (issue 16 item 5). Each part is an enhancement; without JavaScript the
// forms post as before and the server checks everything again.
(() => {
  // After a refused save: focus the error summary (templates/_form_errors.html); its links
  // move focus to the field itself, not only scroll to it.
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelector("[data-error-summary]")?.focus();
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-error-summary] a[href^='#']");
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });

  // Leaving a page with unsaved changes asks first: forms marked data-unsaved-warning become
  // dirty on input (or arrive dirty: data-dirty, a refused save); submitting one is not leaving.
  const dirty = new Set();
  const mark = () => document.querySelectorAll("form[data-unsaved-warning][data-dirty]").forEach((f) => dirty.add(f));
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("input", (event) => {
    const form = event.target.form || event.target.closest?.("form");
    if (form?.hasAttribute("data-unsaved-warning")) dirty.add(form);
  });
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented) dirty.delete(event.target);
  });
  window.addEventListener("beforeunload", (event) => {
    if ([...dirty].some((form) => form.isConnected)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A file over the server's limit (data-max-bytes, from settings) is refused here, before it
  // is sent; the message is the server's own (data-too-large).
  function sizeMessage(input) {
    const limit = Number(input.dataset.maxBytes);
    const big = [...(input.files || [])].find((file) => file.size > limit);
    return big ? input.dataset.tooLarge.replace("{name}", big.name) : "";
  }
  function showSize(input, text) {
    let note = input.parentElement.querySelector(".size-error");
    if (!note) {
      note = Object.assign(document.createElement("span"), { className: "errorlist size-error", id: `${input.id}-size` });
      note.setAttribute("role", "alert");
      input.after(note);
      input.setAttribute("aria-describedby", `${note.id} ${input.getAttribute("aria-describedby") || ""}`.trim());
    }
    note.textContent = text;
    note.hidden = !text;
    input.setAttribute("aria-invalid", text ? "true" : "false");
  }
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) return;
    const text = sizeMessage(input);
    showSize(input, text);
    if (text) input.value = "";
  });
  document.addEventListener("submit", (event) => {
    for (const input of event.target.querySelectorAll("input[type=file][data-max-bytes]")) {
      const text = sizeMessage(input);
      if (text) {
        showSize(input, text);
        event.preventDefault();
        input.focus();
        return;
      }
    }
  }, true);
  // htmx checks the form before sending it, so a refused file never leaves by htmx either.
  document.addEventListener("htmx:confirm", (event) => {
    const form = event.detail.elt;
    if (form instanceof HTMLFormElement && [...form.querySelectorAll("input[type=file][data-max-bytes]")].some(sizeMessage)) {
      event.preventDefault();
    }
  });

  // Progress of an upload sent by htmx (form[data-upload-progress] holding a <progress>).
  const bar = (event) => event.detail.elt.closest?.("form[data-upload-progress]")?.querySelector("progress");
  document.addEventListener("htmx:xhr:loadstart", (event) => {
    const progress = bar(event);
    if (progress) { progress.value = 0; progress.hidden = false; }
  });
  document.addEventListener("htmx:xhr:progress", (event) => {
    const progress = bar(event);
    if (progress && event.detail.lengthComputable) progress.value = (event.detail.loaded / event.detail.total) * 100;
  });

  // Another activity row without a save: clone the form's <template data-row-template>,
  // numbered after the last row, and count it in the hidden field.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-add-row]");
    if (!button) return;
    const form = button.form;
    const template = form.querySelector("template[data-row-template]");
    const count = form.elements.namedItem(button.dataset.addRow);
    const n = Number(count.value) + 1;
    if (n > Number(button.dataset.max)) { button.disabled = true; return; }
    const html = template.innerHTML.replaceAll("__N__", String(n));
    template.insertAdjacentHTML("beforebegin", html);
    count.value = String(n);
    dirty.add(form);
    template.previousElementSibling.querySelector("input, textarea")?.focus();
    if (n >= Number(button.dataset.max)) button.disabled = true;
  });
})();
