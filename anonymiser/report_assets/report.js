/* The report's behaviour. Everything is drawn from the embedded data, and only what is
   on screen: the selected file, and within it the blocks of lines near the viewport. */
(() => {
  "use strict";
  // The page holds the application and the data one private-use character per byte (report.py).
  const BLOCKS = document.querySelectorAll('script[type="text/plain"]');
  const decode = (element) => {
    const text = element.text, bytes = new Uint8Array(text.length);
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i) - 0xe000;
      if (c >= 0) bytes[n++] = c;
    }
    return new TextDecoder().decode(bytes.subarray(0, n));
  };
  const D = JSON.parse(decode(BLOCKS[1]));
  const TEXTS = Array.prototype.slice.call(BLOCKS, 2); // one per file: its text, raw but for a reversible escape
  document.head.insertAdjacentHTML("beforeend", "<style>" + APP.css + "</style>");
  document.body.insertAdjacentHTML("afterbegin", APP.html);
  const PRIVATE = D.mode === "private";
  const KNOWN_LABELS = new Set(["PERSON", "LOCATION", "SERVICE", "DATE", "CONTACT", "AGE"]);
  const ROWS_PER_BLOCK = 40;
  const BLOCK_CHARS = 16000;
  const ROW_CHARS = 2000; // a longer line is cut into rows, so one huge line stays windowed
  const PAGE = 200; // review items and entities drawn at a time
  const MARGIN = "1500px 0px"; // blocks this near the viewport are drawn
  const $ = (id) => document.getElementById(id);
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\r": "" };
  const esc = (value) => String(value).replace(/[&<>"'\r]/g, (c) => ESCAPES[c]); // a CR would show as a line break
  const num = (n) => Number(n).toLocaleString("en");
  const labelClass = (label) => "lab-" + (KNOWN_LABELS.has(label) ? label : "other");
  const UNESCAPES = { "\\": "\\", "/": "/", "!": "!", r: "\r", 0: "\0" };

  const state = {
    tab: "files", file: -1, label: -1, source: -1, minScore: 0, query: "", original: false,
    reviewShown: PAGE, entitiesShown: PAGE,
  };
  let view = null; // the selected file: its text, rows, blocks and observer

  // --- filters ------------------------------------------------------------
  const matches = (rep) =>
    (state.label < 0 || rep[2] === state.label) && (state.source < 0 || rep[3] === state.source) &&
    rep[4] >= state.minScore;
  const fileShown = (i) => !state.query || D.files[i].name.toLowerCase().includes(state.query);
  const countMatching = (file) => file.rep.reduce((n, rep) => n + (matches(rep) ? 1 : 0), 0);

  function fillFilters() {
    const options = (values) => values.map((v, i) => [v, i]).sort((a, b) => a[0].localeCompare(b[0]))
      .map(([v, i]) => `<option value="${i}">${esc(v)}</option>`).join("");
    $("f-label").insertAdjacentHTML("beforeend", options(D.labels));
    $("f-source").insertAdjacentHTML("beforeend", options(D.sources));
  }

  function readFilters() {
    const score = parseFloat($("f-score").value);
    state.label = $("f-label").value === "" ? -1 : Number($("f-label").value);
    state.source = $("f-source").value === "" ? -1 : Number($("f-source").value);
    state.minScore = Number.isFinite(score) ? score : 0;
    state.query = $("f-file").value.trim().toLowerCase();
    state.reviewShown = state.entitiesShown = PAGE;
    refresh();
  }

  function refresh() {
    renderFileList();
    if (view) redrawBlocks();
    if (state.tab === "review") renderReview();
    if (state.tab === "entities") renderEntities();
    const total = D.files.reduce((n, f) => n + f.rep.length, 0);
    const shown = D.files.reduce((n, f, i) => n + (fileShown(i) ? countMatching(f) : 0), 0);
    $("f-status").textContent = `${num(shown)} of ${num(total)} replacements match`;
  }

  // --- file list ----------------------------------------------------------
  function renderFileList() {
    const items = [];
    D.files.forEach((file, i) => {
      if (!fileShown(i)) return;
      const n = countMatching(file);
      const current = i === state.file;
      items.push(
        `<li><button type="button" class="${current ? "current" : ""}${n ? "" : " none"}" data-file="${i}"` +
        `${current ? ' aria-current="true"' : ""}><span class="fname">${esc(file.name)}</span>` +
        `<span class="count" title="replacements matching the filters">${num(n)}</span></button></li>`);
    });
    $("file-list").innerHTML = items.join("") || '<li class="muted">No file name matches.</li>';
  }

  function openFirst() {
    const first = D.files.findIndex((_, i) => fileShown(i));
    if (first < 0) return;
    setTab("files");
    selectFile(first);
    document.querySelector(`#file-list [data-file="${first}"]`).focus();
  }

  function step(direction) {
    const shown = D.files.map((_, i) => i).filter(fileShown);
    if (!shown.length) return;
    const at = shown.indexOf(state.file);
    const next = at < 0 ? shown[0] : shown[(at + direction + shown.length) % shown.length];
    setTab("files");
    selectFile(next);
    const button = document.querySelector(`#file-list [data-file="${next}"]`);
    if (button) button.focus();
  }

  // --- the text of the selected file, windowed --------------------------------
  function textOf(i) {
    return D.files[i].readable ? TEXTS[i].text.replace(/\\([\\/!r0])/g, (_, c) => UNESCAPES[c]) : null;
  }

  function layout(text) {
    const start = [], end = [], line = [], lineRow = [];
    let pos = 0, number = 1;
    for (;;) {
      let stop = text.indexOf("\n", pos);
      if (stop < 0) stop = text.length;
      let s = pos;
      lineRow.push(start.length);
      while (stop - s > ROW_CHARS) {
        let cut = text.lastIndexOf(" ", s + ROW_CHARS);
        cut = cut > s ? cut + 1 : s + ROW_CHARS;
        start.push(s); end.push(cut); line.push(s === pos ? number : 0);
        s = cut;
      }
      start.push(s); end.push(stop); line.push(s === pos ? number : 0);
      if (stop >= text.length) break;
      pos = stop + 1;
      number++;
    }
    const blocks = [];
    for (let r = 0; r < start.length;) {
      const first = r;
      let chars = 0;
      while (r < start.length && r - first < ROWS_PER_BLOCK && chars < BLOCK_CHARS) chars += end[r] - start[r++];
      blocks.push({ first, last: r, chars, on: false, el: null, height: 0 });
    }
    return { start, end, line, lineRow, blocks };
  }

  /** Characters per screen line of the text column: read once per drawing, as reading it forces a layout. */
  function charsPerLine() {
    const width = Math.max(200, viewer().clientWidth - 90) / (state.original && view.exact ? 2 : 1);
    return Math.max(20, Math.floor(width / 8.4));
  }

  function estimate(block, perLine) {
    let lines = 0;
    for (let r = block.first; r < block.last; r++) lines += Math.max(1, Math.ceil((view.end[r] - view.start[r]) / perLine));
    return Math.round(lines * 22.4);
  }

  const viewer = () => $("viewer");

  function firstRepEndingAfter(offset) {
    const reps = view.reps;
    let lo = 0, hi = reps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (reps[mid][1] <= offset) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function rowHtml(s, e, k, original) {
    const text = view.text, reps = view.reps, file = D.files[view.i];
    let out = "", pos = s;
    for (; k < reps.length && reps[k][0] < e; k++) {
      const rep = reps[k], a = Math.max(rep[0], s), b = Math.min(rep[1], e), on = matches(rep);
      const shown = original ? (a === rep[0] ? file.orig[k] : "") : text.slice(a, b);
      out += esc(text.slice(pos, a)) +
        `<mark class="h ${labelClass(D.labels[rep[2]])}${on ? "" : " off"}${original ? " o" : ""}" data-k="${k}"` +
        `${on && !original ? ' tabindex="0"' : ""}>${esc(shown)}</mark>`;
      pos = b;
    }
    return out + esc(text.slice(pos, e));
  }

  function blockHtml(block) {
    let out = "";
    let k = firstRepEndingAfter(view.start[block.first]);
    const withOriginal = state.original && view.exact;
    for (let r = block.first; r < block.last; r++) {
      const s = view.start[r], e = view.end[r];
      while (k < view.reps.length && view.reps[k][1] <= s) k++;
      out += `<div class="row" data-row="${r}"><span class="ln">${view.line[r] || ""}</span>` +
        `<div class="txt">${rowHtml(s, e, k, false)}</div>` +
        (withOriginal ? `<div class="txt orig">${rowHtml(s, e, k, true)}</div>` : "") + "</div>";
    }
    return out;
  }

  function show(block) {
    block.el.style.height = "";
    block.el.innerHTML = blockHtml(block);
    block.on = true;
  }

  function hide(block) {
    const height = block.el.offsetHeight;
    if (!block.on || !height) return; // a hidden panel measures nothing: keep what is drawn
    block.el.style.height = height + "px";
    block.el.innerHTML = "";
    block.on = false;
  }

  function redrawBlocks() {
    viewer().classList.toggle("with-original", state.original && view.exact);
    const perLine = charsPerLine();
    for (const block of view.blocks) {
      if (block.on) show(block);
      else block.el.style.height = estimate(block, perLine) + "px";
    }
  }

  function selectFile(i, line) {
    if (i === state.file && view) {
      if (line !== undefined) revealLine(line);
      return;
    }
    if (view && view.observer) view.observer.disconnect();
    state.file = i;
    const file = D.files[i];
    const text = textOf(i);
    renderFileList();
    renderFileHead(file, text !== null);
    const box = viewer();
    box.scrollTop = 0;
    box.innerHTML = "";
    view = null;
    if (text === null) {
      box.innerHTML = `<p class="note">${esc(file.note || "No text for this file.")}</p>`;
      return;
    }
    view = { i, text, reps: file.rep, exact: file.exact, ...layout(text) };
    box.classList.toggle("with-original", state.original && view.exact);
    const parts = view.blocks.map((block, b) => `<div class="block" data-block="${b}"></div>`);
    box.innerHTML = parts.join("");
    const perLine = charsPerLine();
    view.blocks.forEach((block, b) => {
      block.el = box.children[b];
      block.el.style.height = estimate(block, perLine) + "px";
    });
    if (line !== undefined) revealLine(line);
    else {
      let height = 0;
      for (const block of view.blocks) {
        show(block);
        height += block.el.offsetHeight;
        if (height > box.clientHeight * 1.5) break;
      }
    }
    view.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const block = view.blocks[Number(entry.target.dataset.block)];
        if (entry.isIntersecting) { if (!block.on) show(block); } else hide(block);
      }
    }, { root: box, rootMargin: MARGIN });
    for (const block of view.blocks) view.observer.observe(block.el);
  }

  function renderFileHead(file, readable) {
    const parts = [`<span class="name">${esc(file.name)}</span>`];
    if (PRIVATE) parts.push(`<span class="muted">output: ${esc(file.output)}</span>`);
    parts.push(`<span>${num(file.words)} words</span>`, `<span>${num(file.rep.length)} replacements</span>`);
    parts.push(`<span>${num(file.queued)} to review</span>`);
    if (file.note) parts.push(`<span class="note">${esc(file.note)}</span>`);
    if (readable) {
      parts.push('<button type="button" id="prev-hl" aria-keyshortcuts="p">Previous highlight</button>');
      parts.push('<button type="button" id="next-hl" aria-keyshortcuts="n">Next highlight</button>');
      if (PRIVATE && file.exact) {
        parts.push(`<label><input type="checkbox" id="show-original" aria-keyshortcuts="o"${state.original ? " checked" : ""}>` +
          " Show the original beside it</label>");
      }
    }
    $("file-head").innerHTML = parts.join("");
  }

  function rowOf(offset) {
    let lo = 0, hi = view.start.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (view.start[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function blockOf(row) {
    let lo = 0, hi = view.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (view.blocks[mid].first <= row) lo = mid; else hi = mid - 1;
    }
    return view.blocks[lo];
  }

  function revealLine(line) {
    const number = Math.min(Math.max(1, line), view.lineRow.length);
    const element = reveal(view.start[view.lineRow[number - 1]]);
    element.classList.add("flash");
    setTimeout(() => element.classList.remove("flash"), 1500);
    return element;
  }

  /** Draw the row holding an output offset, scroll it to the middle and return its element. */
  function reveal(offset) {
    const row = rowOf(offset);
    const block = blockOf(row);
    if (!block.on) show(block);
    const element = block.el.querySelector(`[data-row="${row}"]`);
    element.scrollIntoView({ block: "center" });
    return element;
  }

  function gotoHighlight(direction) {
    if (!view) return;
    const reps = view.reps;
    const active = document.activeElement;
    let k;
    if (active && active.matches("mark.h") && viewer().contains(active)) k = Number(active.dataset.k) + direction;
    else {
      const box = viewer().getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + 8);
      const row = top && top.closest(".row");
      const offset = row ? view.start[Number(row.dataset.row)] : 0;
      k = firstRepEndingAfter(offset);
      if (direction < 0) k -= 1;
    }
    while (k >= 0 && k < reps.length && !matches(reps[k])) k += direction;
    if (k < 0 || k >= reps.length) {
      $("f-status").textContent = direction > 0 ? "No further highlight in this file." : "No earlier highlight in this file.";
      return;
    }
    const row = reveal(reps[k][0]);
    const mark = row.querySelector(`mark[data-k="${k}"]:not(.o)`) ||
      viewer().querySelector(`mark[data-k="${k}"]:not(.o)`);
    if (mark) mark.focus({ preventScroll: true });
  }

  function toggleOriginal() {
    if (!PRIVATE || !view || !view.exact) return;
    state.original = !state.original;
    const box = $("show-original");
    if (box) box.checked = state.original;
    redrawBlocks();
  }

  // --- details of a highlight, on hover and on focus ---------------------------
  function showTip(mark) {
    if (!view || !mark.dataset.k) return;
    const k = Number(mark.dataset.k), rep = view.reps[k];
    const rows = [["label", D.labels[rep[2]]], ["source", D.sources[rep[3]]], ["score", rep[4]]];
    if (rep[5]) rows.push(["entity", rep[5]]);
    if (PRIVATE) rows.push(["original", D.files[view.i].orig[k]]);
    const tip = $("tip");
    tip.innerHTML = rows.map(([name, value]) => `<div><b>${name}</b> <span data-field="${name}">${esc(value)}</span></div>`).join("");
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const below = box.bottom + 6 + tip.offsetHeight < window.innerHeight;
    tip.style.top = (below ? box.bottom + 6 : box.top - 6 - tip.offsetHeight) + "px";
    tip.style.left = Math.max(4, Math.min(box.left, window.innerWidth - tip.offsetWidth - 4)) + "px";
    mark.setAttribute("aria-describedby", "tip");
  }

  const hideTip = () => { $("tip").hidden = true; };

  // --- review queue -----------------------------------------------------------
  const queueShown = (item) =>
    fileShown(item.f) && (state.label < 0 || item.label === state.label) &&
    (state.source < 0 || item.src === state.source) && item.score >= state.minScore;

  function decisionHtml(line) {
    return `<div class="decision"><code>${esc(line)}</code>` +
      `<button type="button" class="copy" data-copy="${esc(line)}">Copy</button></div>`;
  }

  function queueItemHtml(item) {
    const label = D.labels[item.label], cls = labelClass(label);
    const ctx = item.ctx
      ? `${esc(item.ctx[0])}<mark class="${cls}">${esc(item.ctx[1])}</mark>${esc(item.ctx[2])}`
      : `<mark class="${cls}">${esc(item.text)}</mark>`;
    const what = item.replacement
      ? `<span>replaced ${esc(item.text)} with ${esc(item.replacement)}</span>`
      : `<span>left ${esc(item.text)} in place</span>`;
    return `<li class="item"><div class="meta"><span class="tag ${cls}">${esc(label)}</span>` +
      `<span>${esc(D.files[item.f].name)}, ${item.n > 1 ? `${num(item.n)} times, first at ` : ""}line ` +
      `${num(item.line)}</span>${what}` +
      `<span>${esc(D.sources[item.src])}</span><span>score ${item.score}</span><span>${esc(item.reason)}</span></div>` +
      `<p class="ctx">${ctx}</p>${decisionHtml(item.keep)}${item.replace ? decisionHtml(item.replace) : ""}` +
      `<div class="actions"><button type="button" class="goto" data-file="${item.f}" data-line="${item.line}">` +
      `Show line ${num(item.line)} in the file</button></div></li>`;
  }

  function renderReview() {
    const panel = $("panel-review");
    const intro = `<h2>Review queue</h2><p>${num(D.queue_count)} open items: ` +
      `${num(D.queue_count - D.queue_replaced)} candidates left in place with doubt and ` +
      `${num(D.queue_replaced)} replacements made with low confidence.`;
    if (!PRIVATE) {
      panel.innerHTML = intro + " Their texts are originals: the private report lists them, with the lines to " +
        "paste into review.yaml.</p>";
      return;
    }
    const items = D.queue.filter(queueShown);
    const shown = items.slice(0, state.reviewShown);
    panel.innerHTML = intro + " To settle one, paste its line under <code>decisions:</code> in " +
      "<code>review.yaml</code> in the project folder; the next run applies it.</p>" +
      `<p class="muted">${num(items.length)} shown by the filters.</p>` +
      `<ol class="items">${shown.map(queueItemHtml).join("")}</ol>` +
      (items.length > shown.length
        ? `<button type="button" id="review-more">Show ${num(Math.min(PAGE, items.length - shown.length))} more</button>`
        : "");
  }

  function copy(button) {
    const text = button.dataset.copy;
    const done = () => { button.textContent = "Copied"; setTimeout(() => { button.textContent = "Copy"; }, 1500); };
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(button.previousElementSibling);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (document.execCommand("copy")) done(); else button.textContent = "Press Ctrl+C";
    };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  // --- entities ---------------------------------------------------------------
  function renderEntities() {
    const wanted = state.label < 0 ? null : D.labels[state.label];
    const items = D.entities.filter((e) => (!wanted || e.label === wanted) &&
      (!state.query || e.files.some((i) => fileShown(i))));
    const shown = items.slice(0, state.entitiesShown);
    const fileNames = (e) => e.files.map((i) => esc(D.files[i].name)).join(", ") +
      (e.other ? ` <span class="muted">and ${num(e.other)} not in this report</span>` : "");
    const rows = shown.map((e) =>
      `<tr><td>${esc(e.id)}</td><td><span class="tag ${labelClass(e.label)}">${esc(e.label)}</span></td>` +
      `<td>${esc(e.p)}</td>${PRIVATE ? `<td>${e.aliases.map(esc).join(", ")}</td>` : ""}` +
      `<td class="n">${num(e.n)}</td><td>${fileNames(e)}</td></tr>`).join("");
    $("panel-entities").innerHTML = `<h2>Entities</h2><p class="muted">${num(items.length)} of ${num(D.entities.length)} ` +
      "entities in the registry (the label and file filters apply).</p>" +
      `<table><thead><tr><th>id</th><th>label</th><th>pseudonym</th>${PRIVATE ? "<th>aliases seen</th>" : ""}` +
      `<th class="n">mentions</th><th>files</th></tr></thead><tbody>${rows}</tbody></table>` +
      (items.length > shown.length ? `<p><button type="button" id="entities-more">Show ${num(Math.min(PAGE, items.length - shown.length))} more</button></p>` : "");
  }

  // --- decisions, summary, header -----------------------------------------------
  function countsTable(id, counts, heading) {
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    if (!entries.length) return `<div><h3>${esc(heading)}</h3><p class="muted">none</p></div>`;
    const top = Math.max(...entries.map(([, n]) => n));
    return `<div><h3>${esc(heading)}</h3><table id="${id}"><tbody>` + entries.map(([key, n]) =>
      `<tr data-key="${esc(key)}"><td>${esc(key)}</td><td class="n">${num(n)}</td>` +
      `<td><span class="bar ${labelClass(key)}" style="width:${Math.max(2, Math.round(120 * n / top))}px"></span></td></tr>`)
      .join("") + "</tbody></table></div>";
  }

  function renderDecisions() {
    const panel = $("panel-decisions");
    if (!PRIVATE) {
      panel.innerHTML = "<h2>Decisions</h2><p>Decisions taken in review, by kind (their texts stay in the private report).</p>" +
        `<div class="tables">${countsTable("decision-counts", D.decisions, "decisions")}` +
        `${countsTable("registry-counts", D.registry_changes, "registry changes")}</div>`;
      return;
    }
    const decisions = D.decisions.map((d) => `<tr><td>${esc(d.kind)}</td><td>${esc(d.text)}</td>` +
      `<td>${esc(d.details)}</td><td>${esc(d.decided)}</td></tr>`).join("");
    const changes = D.registry_changes.map((c) => `<tr><td>${esc(c.action)}</td><td>${esc(c.details)}</td>` +
      `<td>${esc(c.time)}</td></tr>`).join("");
    panel.innerHTML = `<h2>Decisions</h2><p class="muted">${num(D.decisions.length)} decisions taken in review.</p>` +
      (decisions ? `<table id="decision-list"><thead><tr><th>decision</th><th>text</th><th>details</th><th>decided</th>` +
        `</tr></thead><tbody>${decisions}</tbody></table>` : "") +
      `<h3>Registry changes</h3><p class="muted">${num(D.registry_changes.length)} made by hand.</p>` +
      (changes ? `<table><thead><tr><th>action</th><th>details</th><th>time</th></tr></thead><tbody>${changes}</tbody></table>` : "");
  }

  function renderSummary() {
    const s = D.summary;
    const verdict = s.leaks === 0 ? '<span class="pass">pass</span>' : `<span class="fail">${num(s.leaks)} leaks</span>`;
    const item = (id, name, value) => `<tr><th>${esc(name)}</th><td id="${id}">${value}</td></tr>`;
    const rows = [
      item("s-run", "run", esc(s.run)),
      item("s-files", "files read", num(s.files)),
      item("s-written", "files written", num(s.written)),
      item("s-errors", "files with errors", num(s.errors)),
      item("s-replacements", "replacements", num(Object.values(s.by_label).reduce((a, b) => a + b, 0))),
      item("s-entities-new", "entities new", num(s.entities_new)),
      item("s-entities-known", "entities known", num(s.entities_known)),
      item("s-review", "left for review", num(s.review)),
      item("s-check", "check of the outputs", verdict),
      item("s-model", "model", esc(s.model)),
      item("s-lexicons", "lexicons", esc(s.lexicons)),
      item("s-rules", "rules", s.rules.map(esc).join("<br>")),
    ];
    if (PRIVATE) rows.push(item("s-time", "finished", esc(s.time)), item("s-raw", "input folder", esc(s.raw)),
      item("s-out", "output folder", esc(s.out)));
    let errors = "";
    if (PRIVATE && s.error_list.length) {
      errors = "<h3>Errors</h3><table><tbody>" + s.error_list.map(([file, stage, message]) =>
        `<tr><td>${esc(file)}</td><td>${esc(stage)}</td><td>${esc(message)}</td></tr>`).join("") + "</tbody></table>";
    } else if (!PRIVATE && Object.keys(s.error_stages).length) {
      errors = countsTable("s-error-stages", s.error_stages, "errors by stage");
    }
    const earlier = s.earlier_files ? ` (${num(s.earlier_files)} of them from earlier runs)` : "";
    $("panel-summary").innerHTML = `<h2>Last run</h2><div class="tables"><table id="s-table"><tbody>${rows.join("")}` +
      `</tbody></table>${countsTable("s-by-label", s.by_label, "replacements per label")}</div>${errors}` +
      `<h2>Files in this report</h2><p>${num(s.shown_files)} files${earlier}, <span id="s-words">${num(s.words)}</span> words.</p>` +
      `<div class="tables">${countsTable("s-shown-by-label", D.counts.label, "replacements per label")}` +
      `${countsTable("s-by-detector", D.counts.detector, "per detector")}` +
      `${countsTable("s-by-rule", D.counts.rule, "per project rule")}</div>`;
  }

  function renderStats() {
    const s = D.summary;
    const replacements = Object.values(s.by_label).reduce((a, b) => a + b, 0);
    const stat = (name, value, cls) => `<div><dt>${esc(name)}</dt><dd${cls ? ` class="${cls}"` : ""}>${value}</dd></div>`;
    $("stats").innerHTML = [
      stat("files", `${num(s.written)} of ${num(s.files)}`),
      stat("words", num(s.words)),
      stat("replacements", num(replacements)),
      stat("entities new", num(s.entities_new)),
      stat("known", num(s.entities_known)),
      stat("review queue", num(D.queue_count)),
      stat("errors", num(s.errors), s.errors ? "fail" : ""),
      stat("check", s.leaks === 0 ? "pass" : `${num(s.leaks)} leaks`, s.leaks === 0 ? "pass" : "fail"),
      stat("run", esc(s.run)),
    ].join("");
  }

  // --- tabs and keys --------------------------------------------------------------
  const TABS = ["files", "review", "entities", "decisions", "summary", "keys"];

  function setTab(name) {
    state.tab = name;
    for (const tab of TABS) {
      const button = $("tab-" + tab), selected = tab === name;
      button.setAttribute("aria-selected", String(selected));
      button.tabIndex = selected ? 0 : -1;
      $("panel-" + tab).hidden = !selected;
    }
    hideTip();
    if (name === "review") renderReview();
    if (name === "entities") renderEntities();
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target.matches("input, select, textarea");
    if (event.key === "Escape") {
      hideTip();
      if (typing) target.blur();
      return;
    }
    if (typing) {
      if (event.key === "Enter" && target.id === "f-file") {
        event.preventDefault();
        openFirst();
      }
      return;
    }
    if (target.getAttribute("role") === "tab" && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      const next = TABS[(TABS.indexOf(state.tab) + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
      setTab(next);
      $("tab-" + next).focus();
      event.preventDefault();
      return;
    }
    const actions = {
      "/": () => $("f-file").focus(),
      j: () => step(1),
      k: () => step(-1),
      n: () => { setTab("files"); gotoHighlight(1); },
      p: () => { setTab("files"); gotoHighlight(-1); },
      o: toggleOriginal,
      f: () => setTab("files"),
      r: () => setTab("review"),
      e: () => setTab("entities"),
      d: () => setTab("decisions"),
      s: () => setTab("summary"),
      "?": () => setTab("keys"),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  }

  function onClick(event) {
    const target = event.target.closest("button, input");
    if (!target) return;
    if (target.dataset.file !== undefined && target.closest("#file-list")) selectFile(Number(target.dataset.file));
    else if (target.classList.contains("goto")) {
      setTab("files");
      selectFile(Number(target.dataset.file), Number(target.dataset.line));
    } else if (target.classList.contains("copy")) copy(target);
    else if (target.id === "prev-hl") gotoHighlight(-1);
    else if (target.id === "next-hl") gotoHighlight(1);
    else if (target.id === "show-original") toggleOriginal();
    else if (target.id === "review-more") { state.reviewShown += PAGE; renderReview(); }
    else if (target.id === "entities-more") { state.entitiesShown += PAGE; renderEntities(); }
    else if (target.id === "f-reset") {
      $("f-file").value = "";
      $("f-label").value = $("f-source").value = "";
      $("f-score").value = "0";
      readFilters();
    } else if (target.getAttribute("role") === "tab") setTab(target.id.slice(4));
  }

  function start() {
    const title = PRIVATE ? "Anonymisation report" : "Anonymisation report (shareable)";
    document.title = $("title").textContent = title;
    $("banner").textContent = PRIVATE
      ? "Private: this report holds every original. Keep it with the project folder; share report-shareable.html instead."
      : "Shareable: no original text, alias or input file name is in this report.";
    fillFilters();
    renderStats();
    renderSummary();
    renderDecisions();
    refresh();
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    for (const id of ["f-file", "f-label", "f-source", "f-score"]) $(id).addEventListener("input", readFilters);
    const box = viewer();
    box.addEventListener("mouseover", (event) => { const m = event.target.closest("mark.h"); if (m) showTip(m); });
    box.addEventListener("mouseout", (event) => { if (event.target.closest("mark.h")) hideTip(); });
    box.addEventListener("focusin", (event) => { if (event.target.matches("mark.h")) showTip(event.target); });
    box.addEventListener("focusout", hideTip);
    box.addEventListener("scroll", hideTip, { passive: true });
    if (D.files.length) selectFile(0);
    else viewer().innerHTML = '<p class="muted">No file in this report.</p>';
    // Mark the moment the first file is on screen (after the next paint), for the bench and tests.
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark("report-first-render");
      window.reportReady = true;
      window.reportSelectedText = () => (view ? view.text : null);
    }, 0));
  }

  start();
})();
