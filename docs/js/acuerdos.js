// Filtros del seguimiento de acuerdos: ocultan filas según responsable, año y estado.
// Sin JavaScript el formulario queda oculto y la tabla completa se ve igual.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.filtros-acuerdos");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".tabla-acuerdos tbody tr"));
  var output = form.querySelector("output");
  var params = new URLSearchParams(window.location.search);
  ["responsable", "anio", "estado"].forEach(function (name) {
    var value = params.get(name);
    if (value && form.elements[name].querySelector('option[value="' + CSS.escape(value) + '"]')) {
      form.elements[name].value = value;
    }
  });
  function apply() {
    var responsable = form.elements.responsable.value;
    var anio = form.elements.anio.value;
    var estado = form.elements.estado.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!responsable || row.dataset.responsable.split(" ").indexOf(responsable) >= 0) &&
        (!anio || row.dataset.anio === anio) &&
        (!estado || row.dataset.estado.split(" ").indexOf(estado) >= 0);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    output.textContent = "Mostrando " + shown + " de " + rows.length + " acuerdos";
  }
  form.addEventListener("change", apply);
  form.hidden = false;
  apply();
});
