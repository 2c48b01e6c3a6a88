// Thai calendar picker for <input data-thai-date> (core.forms.ThaiDateInput): the value is
// วว/ดด/ปปปป with the B.E. year, typed by hand or picked here. Never the browser's date input.
(() => {
  const MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  const DAYS = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  const BE = 543;
  const pad = (n) => String(n).padStart(2, "0");
  const toAscii = (text) => text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));

  function parse(text) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(toAscii(text.trim()));
    if (!m) return null;
    const day = new Date(Number(m[3]) - BE, Number(m[2]) - 1, Number(m[1]));
    return day.getDate() === Number(m[1]) ? day : null;
  }
  const format = (d) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear() + BE}`;
  const el = (tag, props = {}) => Object.assign(document.createElement(tag), props);

  function open(input, button) {
    close();
    const chosen = parse(input.value);
    const shown = new Date((chosen || new Date()).getTime());
    shown.setDate(1);
    const pop = el("div", { className: "td-pop", role: "dialog" });
    pop.setAttribute("aria-label", input.dataset.pickerLabel || "");
    const head = el("div", { className: "td-head" });
    const prev = el("button", { type: "button", className: "td-nav", textContent: "‹" });
    const next = el("button", { type: "button", className: "td-nav", textContent: "›" });
    prev.setAttribute("aria-label", input.dataset.prevLabel || "");
    next.setAttribute("aria-label", input.dataset.nextLabel || "");
    const month = el("select", { className: "td-month" });
    MONTHS.forEach((name, i) => month.append(el("option", { value: String(i), textContent: name })));
    const year = el("input", { className: "td-year", type: "text", inputMode: "numeric", size: 4, maxLength: 4 });
    month.setAttribute("aria-label", "เดือน");
    year.setAttribute("aria-label", "ปี พ.ศ.");
    const shut = el("button", { type: "button", className: "td-close", textContent: "×" });
    shut.setAttribute("aria-label", input.dataset.closeLabel || "");
    head.append(prev, month, year, next, shut);
    const grid = el("table", { className: "td-grid" });
    pop.append(head, grid);

    function draw() {
      month.value = String(shown.getMonth());
      year.value = String(shown.getFullYear() + BE);
      grid.replaceChildren();
      const row = grid.createTHead().insertRow();
      DAYS.forEach((d) => row.append(el("th", { scope: "col", textContent: d })));
      const body = grid.createTBody();
      const first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      const count = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      const today = format(new Date());
      let tr = body.insertRow();
      for (let i = 0; i < first.getDay(); i++) tr.insertCell();
      for (let n = 1; n <= count; n++) {
        if (tr.cells.length === 7) tr = body.insertRow();
        const day = new Date(shown.getFullYear(), shown.getMonth(), n);
        const text = format(day);
        const b = el("button", { type: "button", className: "td-day", textContent: String(n) });
        b.dataset.value = text;
        b.setAttribute("aria-label", `${n} ${MONTHS[day.getMonth()]} ${day.getFullYear() + BE}`);
        if (text === today) b.classList.add("td-today");
        if (chosen && text === format(chosen)) b.setAttribute("aria-pressed", "true");
        tr.insertCell().append(b);
      }
    }
    const move = (by) => { shown.setMonth(shown.getMonth() + by); draw(); };
    prev.addEventListener("click", () => move(-1));
    next.addEventListener("click", () => move(1));
    month.addEventListener("change", () => { shown.setMonth(Number(month.value)); draw(); });
    year.addEventListener("change", () => {
      // Only when the year really changes: the change on blur (when a day is clicked right
      // after typing the year) must not redraw the grid under the pointer.
      const be = Number(toAscii(year.value));
      if (be >= 2500 && be <= 2700 && be !== shown.getFullYear() + BE) {
        shown.setFullYear(be - BE);
        draw();
      } else if (!(be >= 2500 && be <= 2700)) {
        year.value = String(shown.getFullYear() + BE);
      }
    });
    shut.addEventListener("click", () => { close(); button.focus(); });
    grid.addEventListener("click", (event) => {
      const b = event.target.closest("button.td-day");
      if (!b) return;
      input.value = b.dataset.value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      input.focus();
    });
    pop.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); close(); button.focus(); }
      // Enter in the year box would submit the form around the picker.
      if (event.key === "Enter" && event.target === year) { event.preventDefault(); year.dispatchEvent(new Event("change")); }
    });
    draw();
    button.setAttribute("aria-expanded", "true");
    button.after(pop);
    (pop.querySelector("[aria-pressed]") || pop.querySelector(".td-today") || month).focus();
  }

  function close() {
    document.querySelectorAll(".td-pop").forEach((pop) => {
      pop.previousElementSibling?.setAttribute("aria-expanded", "false");
      pop.remove();
    });
  }

  function enhance(root) {
    root.querySelectorAll("input[data-thai-date]:not([data-td-ready])").forEach((input) => {
      input.dataset.tdReady = "";
      const wrap = el("span", { className: "td-wrap" });
      input.before(wrap);
      const button = el("button", { type: "button", className: "td-open secondary" });
      button.setAttribute("aria-label", input.dataset.pickerLabel || "");
      button.setAttribute("aria-haspopup", "dialog");
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", () => (button.nextElementSibling?.classList.contains("td-pop") ? close() : open(input, button)));
      wrap.append(input, button);
    });
  }

  document.addEventListener("click", (event) => {
    if (!event.target.closest(".td-wrap")) close();
  });
  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:load", (event) => enhance(event.target));
})();
