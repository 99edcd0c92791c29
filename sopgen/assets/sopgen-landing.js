/* sopgen: a step opened by its address (a role page links to "#step-..."): when the step sits
   inside a decision, whose question stays at the top of the screen (sopgen-landing.css), place
   the step just below that question, however many lines it takes. Scrolling only: no page
   text is read or written. */
(function () {
  "use strict";

  function target() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return null;
    }
    var step = id ? document.getElementById(id) : null;
    return step && step.classList.contains("sop-step") ? step : null;
  }

  function placeBelowQuestion() {
    var step = target();
    var decision = step && step.parentElement ? step.parentElement.closest(".sop-decision") : null;
    if (!decision) {
      return;
    }
    var question = decision.children[1];
    if (!question) {
      return;
    }
    var gap = 8;
    var below = question.getBoundingClientRect().bottom + gap;
    window.scrollBy(0, step.getBoundingClientRect().top - below);
  }

  function soon() {
    window.setTimeout(placeBelowQuestion, 0);
  }

  if (document.readyState === "complete") {
    soon();
  } else {
    window.addEventListener("load", soon);
  }
  window.addEventListener("hashchange", soon);
})();
