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

// The look-up keeps the address bar on the search it shows (states/lookup.py, shown_url),
// so a search can be shared or bookmarked: replaced, not pushed, so Back leaves the look-up.
(function () {
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      var url = record.target.getAttribute("data-shown-url");
      if (url && url !== window.location.pathname + window.location.search) {
        window.history.replaceState(window.history.state, "", url);
      }
    });
  }).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-shown-url"],
    subtree: true,
  });
})();

// A polite live region in the page shell (components/layout.py): what it is given is read
// out once, without moving anything.
window.licensureAnnounce = function (text) {
  var region = document.getElementById("licensure-announcer");
  if (!region || !text) return;
  region.textContent = "";
  setTimeout(function () { region.textContent = text; }, 50);
};

// Focus an element that may not be focusable by itself (a heading, a message).
function licensureFocus(element) {
  if (!element) return false;
  if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus();
  return document.activeElement === element;
}

function licensurePageHeading() {
  return document.querySelector("#main-content h1");
}

// Focus a result message (a saved activity, an approval...) and announce it.
window.licensureFocusResult = function (id) {
  var element = document.getElementById(id);
  if (licensureFocus(element)) window.licensureAnnounce(element.textContent.trim());
};

// The confirmation dialogs (components/dialogs.py) call these from Radix's auto-focus hooks:
// focus goes to the dialog's first control when it opens (which also arms Radix's Tab
// trap), and back to the control that opened it when it closes (or to the page heading
// when that control is gone; a result message the server focuses next takes over).
window.licensureDialog = (function () {
  var FOCUSABLE =
    'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), ' +
    'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  var opener = null;
  return {
    opened: function (event) {
      var content = event.currentTarget || event.target;
      var active = document.activeElement;
      opener = active && active !== document.body && !content.contains(active)
        ? active
        : window.__licensureFocusAtAction || null;
      event.preventDefault();
      var first = content.querySelector(FOCUSABLE);
      if (first) first.focus();
      else licensureFocus(content);
    },
    closed: function (event) {
      event.preventDefault();
      var target = opener;
      opener = null;
      setTimeout(function () {
        var active = document.activeElement;
        if (active && active !== document.body && active.isConnected) return;
        if (target && target.isConnected && !target.disabled) target.focus();
        else licensureFocus(licensurePageHeading());
      }, 0);
    },
  };
})();

// The skip link: move focus to <main> itself (the browser's own fragment navigation does
// not, under the app's router).
document.addEventListener("click", function (event) {
  var link = event.target && event.target.closest && event.target.closest("a.skip-link");
  if (!link) return;
  var main = document.getElementById("main-content");
  if (!main) return;
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
}, true);

// After a page change inside the app, focus the new page's h1 (its content may wait for
// the sign-in check) and announce the page, unless the new page has already put focus in
// one of its own controls (a field with autofocus).
(function () {
  var navigation = 0;
  var movedIn = false;
  document.addEventListener("focusin", function (event) {
    var main = document.getElementById("main-content");
    if (main && main.contains(event.target) && event.target !== main) movedIn = true;
  }, true);

  function pageChanged(previousPath, previousHeading) {
    if (window.location.pathname === previousPath) return;
    var mine = ++navigation;
    movedIn = false;
    var started = Date.now();
    (function look() {
      if (mine !== navigation || movedIn) return;
      var heading = licensurePageHeading();
      if (heading && heading !== previousHeading && heading.isConnected) {
        licensureFocus(heading);
        window.licensureAnnounce(document.title);
        return;
      }
      if (Date.now() - started < 5000) setTimeout(look, 50);
    })();
  }

  var knownPath = window.location.pathname;
  function changed(previousHeading) {
    var previousPath = knownPath;
    knownPath = window.location.pathname;
    pageChanged(previousPath, previousHeading);
  }
  var push = window.history.pushState;
  window.history.pushState = function () {
    var heading = licensurePageHeading();
    var result = push.apply(this, arguments);
    changed(heading);
    return result;
  };
  window.addEventListener("popstate", function () {
    changed(licensurePageHeading());
  });
})();
