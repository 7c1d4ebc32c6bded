// La búsqueda, al primer uso. La caja de la cabecera es propia y liviana: el programa de Pagefind (unos 217 KB) se pide
// cuando el lector se acerca a ella (puntero, foco o "/") y el diálogo se abre cuando la usa (clic, toque, Intro, "/" o
// al escribir), con lo que alcanzó a escribir. El diálogo viene de la plantilla #buscador-plantilla (tema/main.html).
(function () {
  "use strict";
  var box = document.querySelector(".buscador-caja");
  var config = document.querySelector("pagefind-config");
  var template = document.getElementById("buscador-plantilla");
  if (!box || !config || !template) return;
  var bundle = config.getAttribute("bundle-path");
  var ready = null;
  var wanted = false;

  // Lo que Pagefind 1.5.2 escribe en inglés sin pasar por sus traducciones (etiquetas y avisos para lectores de
  // pantalla).
  var ENGLISH = [
    [/^(.*), (\d+) results?$/, function (m, name, n) {
      return name + ", " + n + (n === "1" ? " resultado" : " resultados");
    }],
    [/^(.*), (\d+) filters? selected$/, function (m, name, n) {
      return name + ", " + n + (n === "1" ? " filtro elegido" : " filtros elegidos");
    }],
    [/^(.*) deselected$/, "$1: quitado"],
    [/^(.*) selected$/, "$1: elegido"],
    [/^Loading filter options\.*$/, "Cargando opciones…"],
    [/^Error: .*$/, "No se pudo cargar la búsqueda."],
  ];

  // Lo que hace cada tecla en el diálogo: Pagefind 1.5.2 dice "limpiar" de Esc, que lo cierra, y "elegir" de Intro.
  var KEYS = { "esc": " cerrar", "\u21B5": " abrir" };

  function spanish(text) {
    ENGLISH.forEach(function (rule) { text = text.replace(rule[0], rule[1]); });
    return text;
  }

  function translate(root) {
    root.querySelectorAll(".pf-dropdown-trigger:not([aria-label])").forEach(function (button) {
      var label = button.querySelector(".pf-dropdown-trigger-label");
      if (label) button.setAttribute("aria-label", label.textContent.trim());
    });
    root.querySelectorAll("[aria-label]").forEach(function (el) {
      var text = el.getAttribute("aria-label");
      if (spanish(text) !== text) el.setAttribute("aria-label", spanish(text));
    });
    var notices = "[role=status], .pf-summary, .pf-dropdown-options > [data-pf-sr-hidden]";
    root.querySelectorAll(notices).forEach(function (el) {
      var text = el.textContent;
      if (el.children.length === 0 && spanish(text) !== text) el.textContent = spanish(text);
    });
    root.querySelectorAll(".pf-keyboard-hint").forEach(function (hint) {
      var said = KEYS[hint.firstChild.textContent], text = hint.lastChild;
      if (said && text.nodeType === Node.TEXT_NODE && text.data !== said) text.data = said;
    });
    root.querySelectorAll(".pf-error:not([data-es])").forEach(function (el) {
      el.setAttribute("data-es", "");
      el.textContent = "No se pudo cargar la búsqueda. Revise su conexión e intente de nuevo.";
    });
  }

  function watch(root) {
    new MutationObserver(function () { translate(root); }).observe(root, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-label"],
    });
    translate(root);
  }

  // De cada resultado, Pagefind 1.5.2 muestra las secciones con más palabras halladas y cuenta "de" o "la" tanto como
  // "insumos": así el acuerdo que se buscaba quedaba fuera de su acta. Aquí van primero las secciones con más palabras
  // distintas de la búsqueda (las marcadas en su extracto), luego las de más palabras halladas, en el orden de la página.
  function distinct(section) {
    var found = {};
    (section.excerpt || "").replace(/<mark>([^<]*)<\/mark>/g, function (m, word) { found[word.toLowerCase()] = 1; });
    return Object.keys(found).length;
  }

  function rankSections() {
    var manager = window.PagefindComponents && window.PagefindComponents.getInstanceManager();
    var instance = manager && manager.getInstance("default");
    if (!instance || typeof instance.thinSubResults !== "function") return;
    instance.thinSubResults = function (sections, most) {
      most = most || 3;
      if (sections.length <= most) return sections;
      return sections.map(function (section, i) {
        return { section: section, i: i, words: distinct(section), found: (section.locations || []).length };
      }).sort(function (a, b) {
        return b.words - a.words || b.found - a.found || a.i - b.i;
      }).slice(0, most).sort(function (a, b) { return a.i - b.i; }).map(function (c) { return c.section; });
    };
  }

  // Pagefind arma sus elementos al definirlos, en su orden: el diálogo entra a la página antes que el programa.
  function install() {
    rankSections();
    var modal = document.querySelector("pagefind-modal");
    modal.querySelector("dialog").setAttribute("aria-label", box.getAttribute("aria-label"));
    watch(modal);
    watch(document.querySelector("[data-pagefind-announcer]"));
  }

  function request(tag, properties) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(properties).forEach(function (name) { el[name] = properties[name]; });
      el.addEventListener("load", resolve);
      el.addEventListener("error", reject);
      document.head.appendChild(el);
    });
  }

  function load() {
    if (!ready) {
      if (!document.querySelector("pagefind-modal")) {
        document.body.appendChild(template.content.cloneNode(true));
        document.querySelector("pagefind-input").setAttribute("placeholder", box.placeholder);
      }
      ready = Promise.all([
        request("link", { rel: "stylesheet", href: bundle + "pagefind-component-ui.css" }),
        request("script", { src: bundle + "pagefind-component-ui.js" }),
      ]).then(install, function (error) { ready = null; throw error; });
    }
    return ready;
  }

  function prefetch() {
    load().catch(function () {});
  }

  // Abre el diálogo con lo que el lector escribió en la caja mientras se cargaba.
  function open() {
    wanted = true;
    load().then(function () {
      if (!wanted) return;
      wanted = false;
      var modal = document.querySelector("pagefind-modal");
      var input = modal.querySelector("input.pf-input");
      if (!modal.isOpen) {
        modal.open();
        input.value = box.value;
        box.value = "";
      }
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
      if (input.value) input.dispatchEvent(new Event("input", { bubbles: true }));
    }, function () { wanted = false; });
  }

  box.addEventListener("pointerenter", prefetch);
  box.addEventListener("focus", prefetch);
  box.addEventListener("click", open);
  box.addEventListener("input", open);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === "ArrowDown") {
      event.preventDefault();
      open();
    } else if (event.key === "Escape") {
      wanted = false;
    }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (document.querySelector("dialog.pf-modal[open]")) return;
    event.preventDefault();
    box.focus();
    open();
  });
})();
