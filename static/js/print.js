// "Print" buttons open the browser's print dialog (the print stylesheet hides navigation).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
