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

// A field the user has typed in since it appeared is theirs: a value the server sends after
// a slow page load (the look-up's query from the address) fills it only if it is untouched.
(function () {
  document.addEventListener("input", function (event) {
    if (event.target && event.target.dataset) event.target.dataset.edited = "1";
  }, true);
  window.licensureFillUnlessEdited = function (id, value) {
    var field = document.getElementById(id);
    if (field && field.dataset.edited !== "1") field.value = value;
  };
})();
