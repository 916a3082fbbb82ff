/* Keyboard shortcuts and "tick the whole page" for the moderation queue (progressive enhancement: every action is
 * a plain form, and each opinion's text and decision open in place without JavaScript).
 *
 * J / K move to the next / previous opinion, O opens or closes it, A approves the current one, R opens it at its
 * reason for rejection (choose one, then press its Reject button), M at its message to the author, X ticks it for a
 * bulk decision. Keys typed in a field, or with Ctrl, Alt or Meta, are left alone, so typing a note, a message or a
 * filter never triggers anything; Esc in an opinion's field goes back to the opinion, where A approves it with
 * what was typed.
 */
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  var help = document.getElementById("keyboard-help");
  if (!items.length || !help) {
    return;
  }
  help.hidden = false;

  var selectPage = document.getElementById("select-page");
  var boxes = items.map(function (item) { return item.querySelector("input[name=selected]"); });
  if (selectPage) {
    selectPage.parentNode.hidden = false;
    selectPage.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = selectPage.checked; });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        selectPage.checked = boxes.every(function (other) { return other.checked; });
      });
    });
  }

  function currentIndex() {
    var active = document.activeElement;
    for (var i = 0; i < items.length; i++) {
      if (items[i] === active || items[i].contains(active)) {
        return i;
      }
    }
    return -1;
  }

  function show(index) {
    var item = items[Math.max(0, Math.min(items.length - 1, index))];
    items.forEach(function (other) { other.classList.remove("queue-item--current"); });
    item.classList.add("queue-item--current");
    item.focus();
    item.scrollIntoView({ block: "start" });
  }

  function openAt(item, selector) {
    var details = item.querySelector("details");
    if (details) {
      details.open = true;
    }
    item.querySelector(selector).focus();
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(event.target)) {
      var owner = currentIndex();
      if (owner >= 0) {
        show(owner);
        event.preventDefault();
      }
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) {
      return;
    }
    var key = event.key.toLowerCase();
    var index = currentIndex();
    var item = items[index];
    if (key === "j") {
      show(index + 1);
    } else if (key === "k") {
      show(index < 0 ? 0 : index - 1);
    } else if (key === "o" && item) {
      var details = item.querySelector("details");
      details.open = !details.open;
    } else if (key === "a" && item) {
      item.querySelector("[data-key=approve]").click();
    } else if (key === "r" && item) {
      openAt(item, "[data-key=reason]");
    } else if (key === "m" && item) {
      openAt(item, "[data-key=message]");
    } else if (key === "x" && item) {
      var box = item.querySelector("input[name=selected]");
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change"));
    } else {
      return;
    }
    event.preventDefault();
  });
})();
