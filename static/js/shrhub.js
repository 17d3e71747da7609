// SHR Hub page behaviour. No inline scripts: everything lives here (Content-Security-Policy friendly).
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive buttons that carry data-confirm.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Auto-submit filter selects marked data-autosubmit.
  document.querySelectorAll("form [data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // Buttons marked data-print open the browser's print dialog (print, or save as PDF).
  document.querySelectorAll("[data-print]").forEach((el) => {
    el.addEventListener("click", () => window.print());
  });
  // A form field that applies only for some values of another (data-shown-with="<field name>",
  // data-shown-values="a b"): hidden otherwise, unless it holds a value (its error is then shown beside it).
  document.querySelectorAll("form [data-shown-with]").forEach((el) => {
    const control = el.form && el.form.elements.namedItem(el.dataset.shownWith);
    const row = el.closest(".mb-3");
    if (!control || !row) return;
    const values = el.dataset.shownValues.split(" ");
    const update = () => {
      const empty = el.value === "" || el.value === "unknown";
      row.hidden = !values.includes(control.value) && empty;
    };
    control.addEventListener("change", update);
    update();
  });
});
