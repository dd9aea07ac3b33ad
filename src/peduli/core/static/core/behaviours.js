/* What pages ask of a button or form by a data attribute, so no page needs an
   inline handler (the Content-Security-Policy allows scripts from files only):
   - <form data-confirm="Hapus …?">: asks before it is sent;
   - <button data-print>: prints the page;
   - <select data-autosubmit>: sends its form when changed;
   - <button data-fill="ID" data-value="…">: puts the value into the field ID;
   - <div data-scroll-end>: a wide table that scrolls opens at its right end
     (the latest month, the one that needs action), on a phone too.
   Listeners sit on the document, so content htmx swaps in works too. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("[data-print]")) window.print();
    var filler = target.closest("[data-fill]");
    if (filler) {
      var field = document.getElementById(filler.dataset.fill);
      if (field) field.value = filler.dataset.value || "";
    }
  });
  function scrollToEnd(root) {
    root.querySelectorAll("[data-scroll-end]").forEach(function (box) {
      box.scrollLeft = box.scrollWidth;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { scrollToEnd(document); });
  document.addEventListener("htmx:afterSwap", function (event) { scrollToEnd(event.target); });
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit") && select.form) {
      select.form.requestSubmit();
    }
  });
})();
