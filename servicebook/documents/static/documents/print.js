// Print views: the toolbar's button opens the browser's print dialog (no inline handlers).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
