/* Keep what a citizen types in the opinion form on their own device until the server has it.
 *
 * Progressive enhancement: the form works without this file. With it, every change is saved in
 * localStorage; if the connection drops and the form cannot be sent, nothing is lost: the text is
 * restored the next time the form is opened, and the page says so. The receipt page that follows a
 * successful send clears the saved copy. Tokens, the hidden trap field and the consent box are never
 * saved (consent must be given again, knowingly).
 */
(function () {
  "use strict";
  var PREFIX = "consult:opinion:";
  var SKIP = { csrf_token: 1, form_token: 1, trang_ca_nhan: 1, consent_terms: 1 };

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private mode or storage disabled: the form still works, it just keeps nothing
    }
  }

  function fields(form) {
    var list = [];
    for (var i = 0; i < form.elements.length; i++) {
      var element = form.elements[i];
      if (element.name && !SKIP[element.name] && element.type !== "hidden" && element.type !== "submit") {
        list.push(element);
      }
    }
    return list;
  }

  function collect(form) {
    var data = {};
    fields(form).forEach(function (element) {
      if (element.type === "radio") {
        if (element.checked) data[element.name] = element.value;
      } else if (element.type === "checkbox") {
        data[element.name] = element.checked ? "1" : "";
      } else {
        data[element.name] = element.value;
      }
    });
    return data;
  }

  function hasText(data) {
    return Boolean((data.content || "").trim() || (data.proposed_wording || "").trim());
  }

  function apply(form, data) {
    fields(form).forEach(function (element) {
      if (!(element.name in data)) return;
      if (element.type === "radio") {
        element.checked = element.value === data[element.name];
      } else if (element.type === "checkbox") {
        element.checked = data[element.name] === "1";
      } else {
        element.value = data[element.name];
      }
    });
  }

  function say(form, message) {
    var box = form.parentNode.querySelector("[data-keep-text-notice]");
    if (!box) {
      box = document.createElement("div");
      box.className = "notice";
      box.setAttribute("role", "status");
      box.setAttribute("data-keep-text-notice", "");
      form.parentNode.insertBefore(box, form);
    }
    box.textContent = message;
  }

  function keep(form, store) {
    var key = PREFIX + form.getAttribute("data-keep-text");
    var saved = null;
    try {
      saved = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      saved = null;
    }
    var current = collect(form);
    if (saved && hasText(saved) && !hasText(current)) {
      apply(form, saved);
      say(form, form.getAttribute("data-restored-message"));
    }
    var save = function () {
      var data = collect(form);
      if (hasText(data)) store.setItem(key, JSON.stringify(data));
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function (event) {
      save();
      if (navigator.onLine === false) {
        event.preventDefault();
        say(form, form.getAttribute("data-offline-message"));
      }
    });
  }

  var store = storage();
  if (!store) return;
  var forms = document.querySelectorAll("form[data-keep-text]");
  for (var i = 0; i < forms.length; i++) keep(forms[i], store);
  // A receipt reached straight from the form means the server has the opinion: forget the saved copy.
  var sent = document.querySelector("[data-opinion-sent]");
  if (sent && document.referrer) {
    var from = null;
    try {
      from = new URL(document.referrer).pathname;
    } catch (error) {
      from = null;
    }
    if (from === sent.getAttribute("data-form-path")) store.removeItem(PREFIX + sent.getAttribute("data-opinion-sent"));
  }
})();
