/* Listen to an article: a "Nghe" button on each article of a draft that reads it aloud with the browser's own
 * speech synthesis in Vietnamese, for people who read with difficulty.
 *
 * Progressive enhancement: an element marked data-listen="<label>" data-listen-stop="<label while reading>" gets a
 * button after the heading of each article (.law-article) inside it, only when the browser has a Vietnamese voice
 * (voices may arrive after the page: `voiceschanged`). Without JavaScript, or without such a voice, nothing is added
 * and the page is as before. What is read is the article's heading and text, without its links ("Góp ý", counts).
 */
(function () {
  "use strict";

  var synthesis = window.speechSynthesis;
  var root = document.querySelector("[data-listen]");
  if (!synthesis || !root || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var added = false;
  var current = null;

  function vietnameseVoice() {
    var voices = synthesis.getVoices() || [];
    for (var i = 0; i < voices.length; i += 1) {
      if (String(voices[i].lang).toLowerCase().replace("_", "-").indexOf("vi") === 0) {
        return voices[i];
      }
    }
    return null;
  }

  function spokenText(article) {
    var copy = article.cloneNode(true);
    var dropped = copy.querySelectorAll("a, button, .article-actions, .visually-hidden");
    for (var i = 0; i < dropped.length; i += 1) {
      dropped[i].parentNode.removeChild(dropped[i]);
    }
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function stop() {
    synthesis.cancel();
    if (current) {
      current.textContent = root.getAttribute("data-listen");
      current.setAttribute("aria-pressed", "false");
      current = null;
    }
  }

  function listen(button, article, voice) {
    var playing = current === button;
    stop();
    if (playing) {
      return;
    }
    var utterance = new window.SpeechSynthesisUtterance(spokenText(article));
    utterance.lang = "vi-VN";
    utterance.voice = voice;
    utterance.onend = function () {
      if (current === button) {
        stop();
      }
    };
    current = button;
    button.textContent = root.getAttribute("data-listen-stop");
    button.setAttribute("aria-pressed", "true");
    synthesis.speak(utterance);
  }

  function enhance() {
    var voice = vietnameseVoice();
    if (added || !voice) {
      return;
    }
    added = true;
    var articles = root.querySelectorAll(".law-article");
    for (var i = 0; i < articles.length; i += 1) {
      var heading = articles[i].querySelector(".article-title");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary listen";
      button.textContent = root.getAttribute("data-listen");
      button.setAttribute("aria-pressed", "false");
      if (heading && heading.id) {
        button.setAttribute("aria-describedby", heading.id); // "Nghe", then which article
      }
      button.addEventListener("click", listen.bind(null, button, articles[i], voice));
      (heading || articles[i]).insertAdjacentElement("afterend", button);
    }
  }

  enhance();
  if (!added && synthesis.addEventListener) {
    synthesis.addEventListener("voiceschanged", enhance);
  }
  window.addEventListener("pagehide", stop);
})();
