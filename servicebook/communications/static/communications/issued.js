// An issued copy's page: when the polling panel turns "ready", download the PDF once.
document.body.addEventListener("htmx:afterSwap", () => {
  const link = document.querySelector("[data-autodownload]");
  if (link) {
    link.removeAttribute("data-autodownload");
    window.location.assign(link.href);
  }
});
