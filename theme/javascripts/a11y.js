/* Accessibility fixes of the theme's own markup: Material's search dialog gets a name
   (axe: aria-dialog-name). Runs on every page load; no outside requests. */
(function () {
  "use strict";
  function name() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (dialog) {
      dialog.setAttribute("aria-label", "搜索本站");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", name);
  } else {
    name();
  }
})();
