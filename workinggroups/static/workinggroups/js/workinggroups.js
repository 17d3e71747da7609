// Working-group pages. No inline scripts: behaviour is wired here through data attributes.
document.addEventListener("DOMContentLoaded", () => {
  // "Print or save as PDF" on the printable minutes.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  // Select the calendar address when its field gets focus, ready to copy.
  document.querySelectorAll(".calendar-feed input[readonly]").forEach((input) => {
    input.addEventListener("focus", () => input.select());
  });
});
