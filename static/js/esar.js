// e-SAR copy page: a copy button beside each text area. Without JavaScript the buttons stay
// hidden and the read-only text areas can be selected and copied by hand.
(() => {
  const status = document.getElementById("esar-status");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const copy = async (source) => {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(source.value);
      return true;
    }
    // Plain http (an intranet server): the older selection-based copy still works there.
    source.focus();
    source.select();
    return document.execCommand("copy");
  };
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const source = document.getElementById(button.dataset.copy);
    if (!(source instanceof HTMLTextAreaElement)) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      let done = false;
      try {
        done = await copy(source);
      } catch {
        done = false;
      }
      if (done) {
        say(button.dataset.done || "");
        button.classList.add("esar-copied");
        setTimeout(() => button.classList.remove("esar-copied"), 1500);
      } else {
        source.focus();
        source.select();
        say(button.dataset.fail || "");
      }
    });
  });
})();
