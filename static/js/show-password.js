/* Let a person see the password they are typing (OWASP ASVS 2.1.12), on a phone keyboard especially.
 *
 * Progressive enhancement: a form marked data-show-password="<label>" gets a checkbox with that label after its
 * last password field; ticking it shows every password field of the form as text, unticking hides them again.
 * Without JavaScript nothing is added and the form works as before.
 */
(function () {
  "use strict";

  function enhance(form, index) {
    var fields = form.querySelectorAll("input[type=password]");
    if (!fields.length) {
      return;
    }
    var id = "show-password-" + index;
    var box = document.createElement("div");
    box.className = "check";
    var input = document.createElement("input");
    input.type = "checkbox";
    input.id = id;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = form.getAttribute("data-show-password");
    box.appendChild(input);
    box.appendChild(label);
    var last = fields[fields.length - 1].closest(".field") || fields[fields.length - 1];
    last.parentNode.insertBefore(box, last.nextSibling);
    input.addEventListener("change", function () {
      for (var i = 0; i < fields.length; i += 1) {
        fields[i].type = input.checked ? "text" : "password";
      }
    });
  }

  var forms = document.querySelectorAll("form[data-show-password]");
  for (var i = 0; i < forms.length; i += 1) {
    enhance(forms[i], i);
  }
})();
