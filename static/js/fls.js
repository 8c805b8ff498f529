// Behaviour the templates ask for with data attributes. The Content-Security-Policy allows no inline script
// (no onclick="…", no <script> blocks), so every page's script is a static file such as this one.
(function () {
  // <select data-autosubmit>: a filter that applies as soon as it is changed.
  document.addEventListener("change", function (event) {
    const field = event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.requestSubmit();
  });

  // <button data-print>: prints the page (a letter).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // An import's progress bar: its width, set through the CSSOM (which the policy allows), on the first page
  // and on every fragment htmx swaps in.
  function drawProgress(root) {
    root.querySelectorAll("[data-progress-percent]").forEach(function (bar) {
      bar.style.width = bar.dataset.progressPercent + "%";
    });
  }
  if (window.htmx) htmx.onLoad(drawProgress);
  else drawProgress(document);

  // A row of tabs that scrolls sideways on a phone (.nav-tabs-strip): the current tab in view, with a little of
  // the one before it showing so the reader sees the strip scrolls.
  function showCurrentTab(root) {
    root.querySelectorAll(".nav-tabs-strip").forEach(function (strip) {
      const current = strip.querySelector(".nav-link.active");
      if (!current || strip.scrollWidth <= strip.clientWidth) return;
      const tab = current.getBoundingClientRect(), box = strip.getBoundingClientRect();
      if (tab.left < box.left || tab.right > box.right) strip.scrollLeft += tab.left - box.left - 24;
    });
  }
  if (window.htmx) htmx.onLoad(showCurrentTab);
  else showCurrentTab(document);
})();
