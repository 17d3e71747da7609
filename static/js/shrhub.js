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
});
