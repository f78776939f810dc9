/* "Listen to the lesson": the browser reads the lesson aloud with its own voice for the
   lesson's language. Without JavaScript, or without such a voice, nothing is shown. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var place = document.querySelector("[data-listen]");
  var content = document.querySelector(".lesson .content");
  if (!synth || !window.SpeechSynthesisUtterance || !place || !content) { return; }
  var lang = (content.getAttribute("lang") || document.documentElement.lang).toLowerCase();

  function voiceFor() {
    return synth.getVoices().filter(function (voice) {
      return voice.lang.toLowerCase().replace("_", "-").split("-")[0] === lang;
    })[0];
  }

  function offer() {
    var voice = voiceFor();
    if (!voice || place.querySelector("button")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = place.getAttribute("data-listen");
    button.addEventListener("click", function () {
      if (synth.speaking) {
        synth.cancel();
        button.textContent = place.getAttribute("data-listen");
        return;
      }
      var words = new window.SpeechSynthesisUtterance(content.innerText);
      words.voice = voice;
      words.lang = voice.lang;
      words.rate = 0.9;  /* a little slower than usual */
      words.onend = function () { button.textContent = place.getAttribute("data-listen"); };
      button.textContent = place.getAttribute("data-stop");
      synth.speak(words);
    });
    place.appendChild(button);
  }

  offer();
  if (synth.addEventListener) { synth.addEventListener("voiceschanged", offer); }
}());
