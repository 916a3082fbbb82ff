/* Keyboard shortcuts for the moderation queue (progressive enhancement: every action is a plain form).
 *
 * J / K move to the next / previous opinion, A approves the current one, R moves to its reason for rejection
 * (choose one, then press its Reject button), M moves to its message to the author, X ticks it for a bulk
 * decision. Keys typed in a field, or with Ctrl, Alt or Meta, are left alone, so typing a note, a message or a
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
    } else if (key === "a" && item) {
      item.querySelector("[data-key=approve]").click();
    } else if (key === "r" && item) {
      item.querySelector("[data-key=reason]").focus();
    } else if (key === "m" && item) {
      item.querySelector("[data-key=message]").focus();
    } else if (key === "x" && item) {
      var box = item.querySelector("input[type=checkbox]");
      box.checked = !box.checked;
    } else {
      return;
    }
    event.preventDefault();
  });
})();
