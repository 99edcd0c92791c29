/* sopgen Run mode: tick a procedure's steps on the page, keep the run on this device, and
   hand over the record as a YAML file. Progressive enhancement: without this script (or
   without its data block) the page is the plain procedure. Everything from the manual is
   set with textContent: no manual text ever becomes markup. */
(function () {
  "use strict";

  var holder = document.getElementById("sop-run-data");
  if (!holder || !document.querySelector) return;
  var data;
  try {
    data = JSON.parse(holder.textContent);
  } catch (error) {
    return;
  }
  var L = data.labels;
  var PREFIX = "sopgen-run/" + data.procedure + "/";
  var KEY = PREFIX + data.revision;
  var byKey = {};
  var order = {};
  data.steps.forEach(function (step, index) {
    // The page leaves out what a step does not have: no substeps, no options.
    step.substeps = step.substeps || [];
    step.options = step.options || [];
    byKey[step.key] = step;
    order[step.key] = index;
  });
  var chains = makeChains();
  var state = load(KEY);
  var parts = {}; // step key -> its controls
  var panel;
  var live;

  // --- small helpers ---------------------------------------------------------------------

  function say(key, values) {
    var text = L[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text, onClick, extra) {
    var node = el("button", { type: "button", class: "md-button" + (extra ? " " + extra : "") }, text);
    node.addEventListener("click", onClick);
    return node;
  }

  function now() {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  }

  function same(a, b) {
    var clean = function (text) {
      return String(text).toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
    };
    return clean(a) !== "" && clean(a) === clean(b);
  }

  function number(text) {
    // A phone set to Arabic may type Arabic-Indic digits and the Arabic decimal separator.
    text = String(text || "").replace(/[\u0660-\u0669\u06f0-\u06f9]/g, function (digit) {
      return String(digit.charCodeAt(0) & 0xf);
    }).replace(/\u066b/g, ".");
    var match = /^\s*[$€£¥]?\s*([-−]?\d+(?:[.,]\d+)?)\s*\S*\s*$/.exec(text);
    return match ? parseFloat(match[1].replace("−", "-").replace(",", ".")) : null;
  }

  function outside(measure, value) {
    if (measure.absolute) value = Math.abs(value);
    return (measure.low !== null && value < measure.low) || (measure.high !== null && value > measure.high);
  }

  // --- storage: this device only, keyed by procedure and revision --------------------------

  function load(key) {
    try {
      var text = window.localStorage.getItem(key);
      return text ? JSON.parse(text) : null;
    } catch (error) {
      return null;
    }
  }

  function save() {
    try {
      if (state) window.localStorage.setItem(KEY, JSON.stringify(state));
      else window.localStorage.removeItem(KEY);
    } catch (error) {
      /* private browsing: the run still works, it just does not survive a reload */
    }
  }

  function olderRun() {
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0 && key !== KEY) {
          var old = load(key);
          if (old && !old.finished) return { key: key, revision: key.slice(PREFIX.length) };
        }
      }
    } catch (error) {
      /* no storage: nothing older either */
    }
    return null;
  }

  // --- the path a run takes: the same walk as sopgen.model.runs.run_path --------------------

  function makeChains() {
    var found = {};
    function visit(keys, outer) {
      keys.forEach(function (key, index) {
        var step = byKey[key];
        if (step.id && !(step.id in found)) found[step.id] = outer.concat([[keys, index]]);
        var inner = outer.concat([[keys, index + 1]]);
        visit(step.substeps, inner);
        step.options.forEach(function (option) {
          visit(option.steps, inner);
        });
      });
    }
    visit(data.top, []);
    return found;
  }

  function walk() {
    var answers = {};
    Object.keys(state.choices).forEach(function (key) {
      var choice = state.choices[key];
      answers[key] = choice.history.concat(choice.current === null ? [] : [choice.current]);
    });
    var stack = [[data.top, 0]];
    var reached = [];
    var seen = {};
    var passed = {}; // steps of the options an answer did not take
    var mark = function (keys) {
      keys.forEach(function (key) {
        passed[key] = true;
        mark(byKey[key].substeps);
        byKey[key].options.forEach(function (option) { mark(option.steps); });
      });
    };
    var undecided = null;
    var budget = 20 * (data.steps.length + 1);
    while (stack.length && budget-- > 0) {
      var frame = stack.pop();
      if (typeof frame === "string") {
        stack = (chains[frame] || []).map(function (f) { return f.slice(); });
        continue;
      }
      if (frame[1] >= frame[0].length) continue;
      stack.push([frame[0], frame[1] + 1]);
      var step = byKey[frame[0][frame[1]]];
      if (!seen[step.key]) reached.push(step.key);
      seen[step.key] = (seen[step.key] || 0) + 1;
      if (step.decide) {
        var queue = answers[step.key] || [];
        if (!queue.length) {
          undecided = step.key;
          break;
        }
        var taken = queue.shift();
        step.options.forEach(function (other, index) { if (index !== taken) mark(other.steps); });
        var option = step.options[taken];
        if (option.goto) stack.push(option.goto);
        if (option.steps.length) stack.push([option.steps, 0]);
      }
      if (step.substeps.length) stack.push([step.substeps, 0]);
    }
    return { reached: reached, on: seen, undecided: undecided, passed: passed };
  }

  // --- what is still to do ------------------------------------------------------------------

  function missing(path) {
    var todo = [];
    path.reached.forEach(function (key) {
      var step = byKey[key];
      var entry = state.steps[key] || {};
      if (step.decide) return;
      var bad = !entry.done;
      if (step.measure && number(entry.value) === null) bad = true;
      if (step.verify && (!entry.checked_by || same(entry.checked_by, state.by))) bad = true;
      if (bad) todo.push(step.number);
    });
    if (path.undecided) todo.push(byKey[path.undecided].number);
    return todo;
  }

  // --- the record: YAML with every string quoted --------------------------------------------

  function quote(text) {
    return '"' + String(text).replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, function (ch) {
      var names = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r" };
      if (names[ch]) return names[ch];
      return "\\u" + ("0000" + ch.charCodeAt(0).toString(16)).slice(-4);
    }) + '"';
  }

  function recordYaml() {
    var path = walk();
    var lines = [
      "procedure: " + quote(data.procedure),
      "revision: " + quote(data.revision),
      "title: " + quote(data.title),
      "by: " + quote(state.by),
      "started: " + quote(state.started),
    ];
    if (state.finished) lines.push("finished: " + quote(state.finished));
    lines.push("steps:");
    var any = false;
    data.steps.forEach(function (step) {
      if (!path.on[step.key]) return;
      if (step.decide) {
        var choice = state.choices[step.key];
        if (!choice) return;
        choice.history.concat(choice.current === null ? [] : [choice.current]).forEach(function (i) {
          lines.push("  - step: " + quote(step.key));
          lines.push("    chose: " + quote(step.options[i].when));
          any = true;
        });
        return;
      }
      var entry = state.steps[step.key];
      if (!entry || !entry.done) return;
      lines.push("  - step: " + quote(step.key));
      lines.push("    done: " + quote(entry.done));
      if (entry.value) {
        lines.push("    value: " + quote(entry.value.trim()));
        if (step.measure && step.measure.unit) lines.push("    unit: " + quote(step.measure.unit));
      }
      if (entry.checked_by) {
        lines.push("    checked_by: " + quote(entry.checked_by.trim()));
        lines.push("    checked: " + quote(entry.checked || entry.done));
      }
      any = true;
    });
    if (!any) lines[lines.length - 1] = "steps: []";
    return lines.join("\n") + "\n";
  }

  function fileName() {
    var when = state.started.replace(/[-:]/g, "").replace(/\d\dZ$/, "Z");
    return data.procedure + "-" + when + "-" + state.by.replace(/[^A-Za-z0-9]/g, "") + ".yaml";
  }

  function recordFile() {
    return new Blob([recordYaml()], { type: "application/yaml" });
  }

  function download() {
    var url = URL.createObjectURL(recordFile());
    var link = el("a", { href: url, download: fileName(), hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function shareable() {
    if (!navigator.canShare || typeof File === "undefined") return null;
    var file = new File([recordYaml()], fileName(), { type: "application/yaml" });
    try {
      return navigator.canShare({ files: [file] }) ? file : null;
    } catch (error) {
      return null;
    }
  }

  // --- the panel at the top: start, progress, finish ----------------------------------------

  function makePanel() {
    panel = el("section", { class: "sop-run-panel", "aria-labelledby": "sop-run-title" });
    var after = document.querySelector(".sop-summary") || holder;
    after.parentNode.insertBefore(panel, after.nextSibling);
  }

  function startForm() {
    var form = el("form", { class: "sop-run-start" });
    var label = el("label", { for: "sop-run-initials" }, L.run_initials);
    var input = el("input", { id: "sop-run-initials", type: "text", autocomplete: "off", maxlength: "20", required: "", size: "6" });
    form.append(label, input, el("button", { type: "submit", class: "md-button md-button--primary" }, L.run_begin));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!input.value.trim()) return input.focus();
      state = { by: input.value.trim(), started: now(), finished: null, steps: {}, choices: {} };
      save();
      enhance();
      focusFirst();
    });
    return form;
  }

  function showPanel(openStart) {
    panel.replaceChildren();
    live = el("p", { class: "sop-run-live", "aria-live": "polite" });
    var older = olderRun();
    if (!state && !older) {
      // Not running: one closed line, so the steps stay on the first screen of a phone.
      var opener = el("details", { class: "sop-run-opener" });
      if (openStart) opener.open = true;
      opener.appendChild(el("summary", { class: "sop-run-title", id: "sop-run-title" }, L.run_start));
      panel.appendChild(opener);
      opener.appendChild(el("p", {}, L.run_intro));
      opener.appendChild(startForm());
      return;
    }
    panel.appendChild(el("p", { class: "sop-run-title", id: "sop-run-title" }, L.run_status));
    if (!state && older) {
      panel.appendChild(el("p", { class: "sop-run-warning" }, say("run_old_revision", { old: older.revision, new: data.revision })));
      panel.appendChild(button(L.run_discard, function () {
        if (!window.confirm(L.run_confirm_discard)) return;
        try { window.localStorage.removeItem(older.key); } catch (error) { /* gone already */ }
        showPanel(true);
      }));
      return;
    }
    panel.appendChild(el("p", {}, say("run_resume", { time: state.started.replace("T", " "), by: state.by })));
    panel.appendChild(live);
    if (state.finished) {
      panel.appendChild(el("p", { class: "sop-run-done", role: "status" }, L.run_finished));
      var actions = el("p", { class: "sop-run-actions" });
      actions.appendChild(button(L.run_download, download, "md-button--primary"));
      if (shareable()) {
        actions.appendChild(button(L.run_share, function () {
          var file = shareable();
          if (file) navigator.share({ files: [file], title: data.procedure + " " + data.title }).catch(function () {});
        }));
      }
      actions.appendChild(button(L.run_print, printSummary));
      actions.appendChild(button(L.run_new, function () {
        state = null;
        save();
        enhance();
        showPanel(true);
      }));
      panel.appendChild(actions);
      panel.appendChild(summary());
      return;
    }
    var finishing = el("p", { class: "sop-run-actions" });
    finishing.appendChild(button(L.run_finish, finish, "md-button--primary"));
    finishing.appendChild(button(L.run_discard, function () {
      if (!window.confirm(L.run_confirm_discard)) return;
      state = null;
      save();
      enhance();
    }));
    panel.appendChild(finishing);
    progress();
  }

  function progress() {
    if (!live || !state || state.finished) return;
    var path = walk();
    var total = path.reached.filter(function (key) { return !byKey[key].decide; }).length;
    var todo = missing(path);
    live.textContent = say("run_progress", { done: Math.max(0, total - todo.length), total: total });
  }

  function finish() {
    var todo = missing(walk());
    if (todo.length) {
      live.textContent = say("run_missing", { steps: todo.join(", ") });
      var first = parts[numberToKey(todo[0])];
      // The field that is wrong (a checker who is the doer), else the step's first control.
      var wrong = first && first.box.querySelector('[aria-invalid="true"]');
      if (wrong) wrong.focus();
      else if (first && first.focus) first.focus.focus();
      return;
    }
    state.finished = now();
    save();
    enhance();
    var done = panel.querySelector(".sop-run-done");
    panel.scrollIntoView({ block: "start" });
    if (done) done.setAttribute("tabindex", "-1"), done.focus();
  }

  function numberToKey(stepNumber) {
    var found = data.steps.filter(function (step) { return step.number === stepNumber; })[0];
    return found ? found.key : null;
  }

  function summary() {
    var box = el("div", { class: "sop-run-summary" });
    box.appendChild(el("p", { class: "sop-run-title" }, L.run_summary));
    var facts = el("dl");
    var shown = function (time) { return time.replace("T", " "); };
    [[L.run_by, state.by], [L.run_started, shown(state.started)], [L.run_ended, shown(state.finished)]].forEach(function (pair) {
      facts.append(el("dt", {}, pair[0]), el("dd", {}, pair[1]));
    });
    box.appendChild(facts);
    var list = el("ol", { class: "sop-run-list" });
    var path = walk();
    data.steps.forEach(function (step) {
      if (!path.on[step.key]) return;
      var line = say("run_step", { number: step.number }) + " " + step.text;
      var entry = state.steps[step.key] || {};
      if (step.decide) {
        var choice = state.choices[step.key];
        var answers = choice ? choice.history.concat(choice.current === null ? [] : [choice.current]) : [];
        line += " → " + answers.map(function (i) { return step.options[i].when; }).join(", ");
      } else {
        if (entry.done) line += " ✓ " + entry.done.replace("T", " ");
        if (entry.value) line += " · " + entry.value + (step.measure && step.measure.unit ? " " + step.measure.unit : "");
        if (entry.checked_by) line += " · " + L.run_checker + ": " + entry.checked_by;
      }
      var item = el("li", {}, line);
      if (step.measure && number(entry.value) !== null && outside(step.measure, number(entry.value))) {
        item.className = "sop-run-bad";
        item.appendChild(el("strong", {}, " ⚠ " + say("run_out_of_spec", { range: step.measure.range })));
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function printSummary() {
    document.documentElement.classList.add("sop-run-print");
    window.print();
    setTimeout(function () { document.documentElement.classList.remove("sop-run-print"); }, 500);
  }

  // --- each step's controls ---------------------------------------------------------------

  var counter = 0;

  function controlsFor(step) {
    var box = el("div", { class: "sop-run-controls" });
    var id = "sop-run-" + ++counter;
    var part = { box: box, inputs: [] };
    var entry = state.steps[step.key] || {};
    var hidden = function (text) { return el("span", { class: "sop-run-sr" }, text); };
    var stepName = " (" + say("run_step", { number: step.number }) + ")";
    if (step.decide) {
      var group = el("fieldset", { class: "sop-run-answer" });
      var legend = el("legend", {}, L.run_answer);
      legend.appendChild(hidden(stepName));
      group.appendChild(legend);
      var choice = state.choices[step.key];
      step.options.forEach(function (option, index) {
        var radio = el("input", { type: "radio", name: id, id: id + "-" + index, value: String(index) });
        radio.checked = !!choice && choice.current === index;
        radio.addEventListener("change", function () { choose(step, index); });
        var label = el("label", { for: id + "-" + index, class: "sop-run-option" });
        label.append(radio, document.createTextNode(" " + option.when));
        group.appendChild(label);
        part.inputs.push(radio);
      });
      box.appendChild(group);
      part.focus = part.inputs[0];
      return part;
    }
    var tick = el("input", { type: "checkbox", id: id + "-done" });
    tick.checked = !!entry.done;
    var tickLabel = el("label", { for: id + "-done", class: "sop-run-tick" });
    tickLabel.append(tick, document.createTextNode(" " + L.run_done), hidden(stepName));
    tick.addEventListener("change", function () {
      update(step, { done: tick.checked ? now() : null });
    });
    box.appendChild(tickLabel);
    part.inputs.push(tick);
    part.focus = tick;
    if (step.measure || step.record) {
      var valueId = id + "-value";
      var label = el("label", { for: valueId }, step.measure ? L.run_value : L.run_record_value);
      if (step.measure && step.measure.unit) label.appendChild(document.createTextNode(" (" + step.measure.unit + ")"));
      label.appendChild(hidden(stepName));
      var attrs = { id: valueId, type: "text", autocomplete: "off", "aria-describedby": valueId + "-note" };
      if (step.measure) attrs.inputmode = "decimal";
      var input = el("input", attrs);
      input.value = entry.value || "";
      var note = el("span", { id: valueId + "-note", class: "sop-run-note", "aria-live": "polite" });
      input.addEventListener("input", function () {
        update(step, { value: input.value });
        judge(step, input, note, box);
      });
      judge(step, input, note, box);
      var field = el("span", { class: "sop-run-field" });
      field.append(label, input, note);
      box.appendChild(field);
      part.inputs.push(input);
      part.focus = step.measure ? input : tick;
    }
    if (step.verify) {
      var checkId = id + "-check";
      var checkLabel = el("label", { for: checkId }, L.run_checker);
      checkLabel.appendChild(hidden(stepName));
      var checker = el("input", { id: checkId, type: "text", autocomplete: "off", maxlength: "20", size: "6", "aria-describedby": checkId + "-note" });
      checker.value = entry.checked_by || "";
      var checkNote = el("span", { id: checkId + "-note", class: "sop-run-note", "aria-live": "polite" });
      var sameCheck = function () {
        var clash = same(checker.value, state.by);
        checkNote.textContent = clash ? say("run_checker_same", { by: state.by }) : "";
        checker.setAttribute("aria-invalid", clash ? "true" : "false");
      };
      checker.addEventListener("input", function () {
        update(step, { checked_by: checker.value.trim() || null, checked: checker.value.trim() ? now() : null });
        sameCheck();
      });
      sameCheck();
      var checkField = el("span", { class: "sop-run-field" });
      checkField.append(checkLabel, checker, checkNote);
      box.appendChild(checkField);
      part.inputs.push(checker);
    }
    return part;
  }

  function judge(step, input, note, box) {
    if (!step.measure) return;
    var text = input.value.trim();
    var value = number(text);
    var bad = text !== "" && (value === null || outside(step.measure, value));
    input.setAttribute("aria-invalid", bad ? "true" : "false");
    box.classList.toggle("sop-run-out", bad);
    if (text === "") note.textContent = "";
    else if (value === null) note.textContent = L.run_not_number;
    else if (bad) note.textContent = "⚠ " + say("run_out_of_spec", { range: step.measure.range });
    else note.textContent = say("run_in_spec", { range: step.measure.range });
  }

  function update(step, changes) {
    var entry = state.steps[step.key] || {};
    Object.keys(changes).forEach(function (name) {
      if (changes[name] === null) delete entry[name];
      else entry[name] = changes[name];
    });
    state.steps[step.key] = entry;
    save();
    paint();
  }

  function choose(step, index) {
    var choice = state.choices[step.key] || { current: null, history: [] };
    var option = step.options[index];
    var target = option.goto ? byKey[option.goto] : null;
    if (target && order[target.key] <= order[step.key] && !option.steps.length) {
      // Back round a loop ("count again"): this answer is kept, and the decision is asked again.
      choice.history.push(index);
      choice.current = null;
    } else {
      choice.current = index;
    }
    state.choices[step.key] = choice;
    save();
    paint();
    if (choice.current === null) {
      parts[step.key].inputs.forEach(function (radio) { radio.checked = false; });
      if (target && parts[target.key] && parts[target.key].focus) parts[target.key].focus.focus();
    }
  }

  // --- painting the page: which steps this run needs --------------------------------------

  function paint() {
    var path = walk();
    data.steps.forEach(function (step) {
      var part = parts[step.key];
      var node = document.getElementById(step.anchor);
      if (!part || !node) return;
      var on = !!path.on[step.key];
      var pending = !on && !path.passed[step.key] && path.undecided !== null &&
        order[step.key] > order[path.undecided];
      node.classList.toggle("sop-run-off", !on);
      part.inputs.forEach(function (input) { input.disabled = !on || !!state.finished; });
      part.status.textContent = on ? "" : pending ? L.run_pending : L.run_skipped;
      var entry = state.steps[step.key] || {};
      node.classList.toggle("sop-run-ticked", on && !!entry.done);
    });
    progress();
  }

  function enhance() {
    document.documentElement.classList.toggle("sop-running", !!state);
    Object.keys(parts).forEach(function (key) {
      parts[key].box.remove();
    });
    parts = {};
    if (state) {
      data.steps.forEach(function (step) {
        var node = document.getElementById(step.anchor);
        if (!node) return;
        var part = controlsFor(step);
        part.status = el("p", { class: "sop-run-status" });
        part.box.prepend(part.status);
        parts[step.key] = part;
        // After the step's head and instruction, before its why, options and substeps.
        var after = node.children[1] || node.firstElementChild;
        node.insertBefore(part.box, after ? after.nextSibling : null);
      });
      paint();
    }
    endBar();
    showPanel();
  }

  // A second Finish button after the last step: where the thumb (or the Tab key) is when the
  // work is done, so nobody has to go back up to the panel.
  function endBar() {
    var old = document.querySelector(".sop-run-end");
    if (old) old.remove();
    var last = data.top.length && document.getElementById(byKey[data.top[data.top.length - 1]].anchor);
    if (!state || state.finished || !last || !last.parentNode) return;
    var bar = el("p", { class: "sop-run-actions sop-run-end" });
    bar.appendChild(button(L.run_finish, finish, "md-button--primary"));
    last.parentNode.insertBefore(bar, last.nextSibling);
  }

  function focusFirst() {
    var first = parts[data.top[0]];
    if (first && first.focus) {
      first.focus.scrollIntoView({ block: "center" });
      first.focus.focus();
    }
  }

  makePanel();
  if (state && state.v === undefined) state.v = 1;
  enhance();
})();
