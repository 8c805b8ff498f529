// Buttons marked data-print print the page (a static file: the Content-Security-Policy allows no inline script).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
