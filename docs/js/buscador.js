// Accesibilidad de los filtros de Pagefind 1.5.2: el botón de cada filtro no tiene nombre accesible
// hasta que se elige algo, y sus etiquetas para lectores de pantalla vienen en inglés ("5 results").
// Este guion les da nombre (la etiqueta visible: "Tipo", "Año") y las dice en español.
(function () {
  var ENGLISH = [
    [/, (\d+) results?$/, function (m, n) { return ", " + n + (n === "1" ? " resultado" : " resultados"); }],
    [/, (\d+) filters? selected$/, function (m, n) { return ", " + n + (n === "1" ? " filtro elegido" : " filtros elegidos"); }],
  ];
  function fix(root) {
    root.querySelectorAll(".pf-dropdown-trigger").forEach(function (button) {
      if (!button.getAttribute("aria-label")) {
        var label = button.querySelector(".pf-dropdown-trigger-label");
        if (label) button.setAttribute("aria-label", label.textContent.trim());
      }
    });
    root.querySelectorAll(".pf-dropdown-trigger[aria-label], .pf-dropdown-option[aria-label]").forEach(function (el) {
      var text = el.getAttribute("aria-label");
      ENGLISH.forEach(function (rule) {
        if (rule[0].test(text)) el.setAttribute("aria-label", text.replace(rule[0], rule[1]));
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var modal = document.querySelector("pagefind-modal");
    if (!modal) return;
    new MutationObserver(function () { fix(modal); }).observe(modal, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"],
    });
    fix(modal);
  });
})();
