// The theme's only script: progressive enhancement, never needed to read a page.
// - A YouTube or Vimeo recording loads its player only when the reader presses "Play here",
//   so no third party is contacted before that choice.
// - A transcript's timestamps also move the page's own player to that moment.
(function () {
  "use strict";
  document.querySelectorAll(".embed[data-embed]").forEach(function (box) {
    var button = box.querySelector(".embed-play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-embed");
      frame.title = box.getAttribute("data-title") || "Recording";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.className = "embed-frame";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
  var player = document.querySelector("video.recording, audio.recording");
  if (player) {
    document.querySelectorAll("a.cue-time[data-start]").forEach(function (link) {
      link.addEventListener("click", function () {
        player.currentTime = parseFloat(link.getAttribute("data-start")) || 0;
      });
    });
  }
})();
