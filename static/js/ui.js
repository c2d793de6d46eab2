/* The site's small behaviours, loaded on every page (no inline script under the CSP):
   - the menu button of the top bar on narrow screens;
   - the top bar's menus (a button with aria-expanded opens its list; Escape, a click
     elsewhere or leaving the menu with Tab closes it; arrow keys move within it);
   - a confirmation dialog before a destructive button's form is sent (data-confirm);
   - the focus on a form's error summary, so that a screen reader reads it first.
   Every page works without it: the menu is then simply open, and the server's own
   confirmation pages still stand before each destructive action. */
(function () {
  "use strict";

  function setUpMenu() {
    var toggle = document.querySelector(".nav-toggle");
    var bar = document.querySelector(".topbar");
    if (!toggle || !bar) return;
    bar.classList.add("topbar--js");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = bar.classList.toggle("topbar--open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  function setUpNavMenus() {
    var menus = Array.prototype.slice.call(document.querySelectorAll(".nav-menu"));
    if (!menus.length) return;
    function close(menu, focusButton) {
      var button = menu.querySelector(".nav-menu__button");
      menu.classList.remove("is-open");
      button.setAttribute("aria-expanded", "false");
      if (focusButton) button.focus();
    }
    menus.forEach(function (menu) {
      var button = menu.querySelector(".nav-menu__button");
      menu.classList.add("nav-menu--js");
      button.addEventListener("click", function () {
        var open = !menu.classList.contains("is-open");
        menus.forEach(function (other) { if (other !== menu) close(other, false); });
        menu.classList.toggle("is-open", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
      menu.addEventListener("keydown", function (event) {
        var links = Array.prototype.slice.call(menu.querySelectorAll(".nav-menu__list a, .nav-menu__list button"));
        var index = links.indexOf(document.activeElement);
        if (event.key === "Escape" && menu.classList.contains("is-open")) {
          event.preventDefault();
          close(menu, true);
        } else if (event.key === "ArrowDown" && links.length) {
          event.preventDefault();
          if (!menu.classList.contains("is-open")) button.click();
          links[(index + 1) % links.length].focus();
        } else if (event.key === "ArrowUp" && links.length && index >= 0) {
          event.preventDefault();
          if (index === 0) button.focus(); else links[index - 1].focus();
        }
      });
      menu.addEventListener("focusout", function (event) {
        if (event.relatedTarget && !menu.contains(event.relatedTarget)) close(menu, false);
      });
    });
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) { if (!menu.contains(event.target)) close(menu, false); });
    });
  }

  function buildDialog() {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    var text = document.createElement("p");
    text.id = "confirm-dialog-text";
    text.className = "confirm-dialog__text";
    var actions = document.createElement("div");
    actions.className = "confirm-dialog__actions";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--secondary";
    cancel.value = "cancel";
    var ok = document.createElement("button");
    ok.type = "button";
    ok.className = "button button--danger-solid";
    ok.value = "ok";
    actions.appendChild(cancel);
    actions.appendChild(ok);
    dialog.appendChild(text);
    dialog.appendChild(actions);
    document.body.appendChild(dialog);
    cancel.addEventListener("click", function () { dialog.close("cancel"); });
    ok.addEventListener("click", function () { dialog.close("ok"); });
    return { dialog: dialog, text: text, cancel: cancel, ok: ok };
  }

  function setUpConfirmations() {
    var parts = null;
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-confirm], a[data-confirm]");
      if (!button || button.dataset.confirmed === "yes") return;
      if (typeof HTMLDialogElement !== "function") return;  // the server's confirmation still applies
      event.preventDefault();
      parts = parts || buildDialog();
      parts.text.textContent = button.dataset.confirm;
      parts.ok.textContent = button.dataset.confirmYes || button.textContent.trim();
      parts.cancel.textContent = document.documentElement.lang.indexOf("zh") === 0 ? "返回" : "Go back";
      parts.dialog.onclose = function () {
        if (parts.dialog.returnValue !== "ok") { button.focus(); return; }
        button.dataset.confirmed = "yes";
        button.click();
        delete button.dataset.confirmed;
      };
      parts.dialog.returnValue = "";
      parts.dialog.showModal();
      parts.cancel.focus();
    });
  }

  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    setUpNavMenus();
    setUpConfirmations();
    focusErrors();
  });
})();
