// Remember where focus was when the user last submitted a form or pressed a button, so a
// focus move that the server sends back later (to the first field in error, say) never
// yanks focus out of a field the user has meanwhile moved on to and is typing in.
(function () {
  function remember() {
    window.__licensureFocusAtAction = document.activeElement;
  }
  document.addEventListener("submit", remember, true);
  document.addEventListener("click", remember, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") remember();
  }, true);
})();
