// Admin console: optional enhancements only; every page works without this file.
// Copy buttons: <button data-copy="ID" hidden> copies the value (or text) of element ID.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var target = document.getElementById(button.getAttribute('data-copy'));
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = target.value !== undefined ? target.value : target.textContent;
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = 'Copied';
      }, function () {
        target.select && target.select();
        button.textContent = 'Select and copy';
      });
    });
  });
});
