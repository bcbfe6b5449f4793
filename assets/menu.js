// The header's Menu button below 768 px (components/layout.py, assets/styles.css): a
// disclosure button whose aria-expanded shows or hides the header's links. Enter or Space
// (a real button) toggles it, Escape closes it and puts focus back on the button, choosing a
// link or clicking outside closes it. Listeners sit on the document, so a header rendered
// again by React keeps working.
(function () {
  function menuButton() {
    return document.getElementById("menu-button");
  }
  function isOpen(button) {
    return !!button && button.getAttribute("aria-expanded") === "true";
  }
  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) return;
    var clicked = target.closest("#menu-button");
    if (clicked) {
      setOpen(clicked, !isOpen(clicked));
      return;
    }
    var button = menuButton();
    if (!isOpen(button)) return;
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu || !menu.contains(target) || target.closest("a")) setOpen(button, false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var button = menuButton();
    if (!isOpen(button)) return;
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    var active = document.activeElement;
    var focusWasInMenu =
      !active || active === document.body || active === button || (menu && menu.contains(active));
    setOpen(button, false);
    if (focusWasInMenu) button.focus();
  });
})();
