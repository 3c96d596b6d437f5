// replylint pre-send gate: finds the help desk's reply box (sites/*.js), checks the draft
// with the replylint service (through background.js), shows the findings beside the reply
// box and holds Send while the draft has an `error` finding.
//
// Policy:
//   error finding      -> Send (click, Enter / Ctrl+Enter) is held; "Отправить всё равно" lets it go
//                         and logs "replylint: sent anyway despite <rules>" with console.warn.
//   warnings only      -> shown, Send goes through.
//   verdict not fresh  -> (the draft changed since the last check) Send is held, the draft is
//                         checked at once, and the send is replayed if the result allows it.
//   service down       -> (unreachable, no answer in time) the panel and the toolbar badge say
//                         «replylint недоступен»; Send is allowed (the gate must not stop
//                         support when the service is off).
//   check failed       -> (the service answered 5xx, e.g. 504 past its time bound) Send is held
//                         like an error, with "Отправить всё равно": text that breaks the
//                         checker must not open the gate.
(function () {
  if (window.__replylintGate) return;
  window.__replylintGate = true;

  const CHECK_DELAY_MS = 500; // debounce after typing
  const SCAN_DELAY_MS = 150;  // debounce after DOM changes
  const SEVERITY = { error: "ошибка", warning: "предупреждение", info: "заметка" };
  const ORDER = { error: 0, warning: 1, info: 2 };

  let site = null;     // the matched help desk, see content/registry.js
  let host = null;     // panel host element (light DOM); the panel itself is in its shadow root
  let view = null;     // shadow root
  let checkTimer = null;
  let scanTimer = null;
  let bypass = false;  // true while we replay a send ourselves
  let sendQueued = false;

  const state = {
    status: "idle",    // idle | internal | checking | ok | warn | block | down | failed
    report: null,
    error: null,       // {kind, message} when the service failed
    checkedKey: null,  // the thread (key) the current status is about
    settled: "idle",   // the last status that was not "checking"
    inflight: null,    // {key, promise}
    overrideKey: null, // the thread the agent chose to send anyway
  };

  // ---- reading the page ---------------------------------------------------------------

  function buildThread() {
    return {
      id: site.threadId(),
      channel: site.channel(),
      messages: site.readMessages(),
      draft: { text: site.readDraft() },
    };
  }

  function keyOf(thread) {
    return JSON.stringify([thread.channel, thread.messages, thread.draft.text, site.isInternal()]);
  }

  function errorRules() {
    const findings = (state.report && state.report.findings) || [];
    const names = findings.filter((f) => f.severity === "error").map((f) => f.rule);
    return Array.from(new Set(names));
  }

  // ---- checking -------------------------------------------------------------------------

  function askService(thread) {
    try {
      return chrome.runtime.sendMessage({ type: "check", thread }).then(
        (result) => result || { ok: false, kind: "down", message: "нет ответа от расширения" },
        () => ({ ok: false, kind: "down", message: "расширение перезагружено — обновите страницу" })
      );
    } catch (_) {
      return Promise.resolve({ ok: false, kind: "down", message: "расширение перезагружено — обновите страницу" });
    }
  }

  function badge(stateName) {
    try { chrome.runtime.sendMessage({ type: "badge", state: stateName }).catch(() => {}); } catch (_) { /* gone */ }
  }

  // Bring the status up to date with the page; resolves when the current thread is checked.
  function check() {
    clearTimeout(checkTimer);
    checkTimer = null;
    if (!site) return Promise.resolve();
    const thread = buildThread();
    const key = keyOf(thread);
    if (key === state.checkedKey) {
      if (state.inflight) { // the draft went back to what was checked last
        state.inflight = null;
        setStatus(state.settled);
      }
      return Promise.resolve();
    }
    if (state.inflight && state.inflight.key === key) return state.inflight.promise;

    if (!thread.draft.text || site.isInternal()) {
      state.checkedKey = key;
      state.inflight = null;
      state.report = null;
      state.error = null;
      setStatus(thread.draft.text ? "internal" : "idle");
      badge("idle");
      return Promise.resolve();
    }

    setStatus("checking");
    const promise = askService(thread).then((result) => {
      if (!state.inflight || state.inflight.key !== key) return; // a newer check took over
      state.inflight = null;
      state.checkedKey = key;
      if (result.ok && result.data && result.data.verdict) {
        state.report = result.data;
        state.error = null;
        setStatus(result.data.verdict); // ok | warn | block
      } else {
        state.report = null;
        state.error = { kind: result.kind, message: result.message };
        setStatus(result.kind === "failed" ? "failed" : "down");
      }
    });
    state.inflight = { key, promise };
    return promise;
  }

  function scheduleCheck(delay) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, delay);
  }

  // After a DOM change: check if the thread differs from the checked one, without
  // postponing a check that is already scheduled (typing postpones it, see "input").
  function checkIfChanged() {
    if (checkTimer || !site) return;
    const key = keyOf(buildThread());
    if (key !== state.checkedKey && !(state.inflight && state.inflight.key === key)) scheduleCheck(CHECK_DELAY_MS);
  }

  // ---- the gate -------------------------------------------------------------------------

  function stop(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  // Replays the send through the help desk's own Send button.
  function replaySend() {
    const button = site && site.sendButton();
    if (!button) return;
    bypass = true;
    try { button.click(); } finally { bypass = false; }
  }

  function isBlocked() {
    return (state.status === "block" || state.status === "failed") && state.overrideKey !== state.checkedKey;
  }

  // Called for every send attempt (click on Send, send key in the reply box).
  function onSendAttempt(event) {
    const thread = buildThread();
    if (!thread.draft.text || site.isInternal()) return; // nothing to gate
    const key = keyOf(thread);
    const fresh = key === state.checkedKey && !state.inflight;
    if (fresh) {
      if (isBlocked()) {
        stop(event);
        render(true);
      }
      return; // ok, warn, down (allowed, badge visible) or overridden
    }
    // The verdict is stale: hold this send, check the draft now, then decide.
    stop(event);
    if (sendQueued) return;
    sendQueued = true;
    (async () => {
      try {
        for (let i = 0; i < 3 && site && keyOf(buildThread()) !== state.checkedKey; i++) await check();
        const checked = site && keyOf(buildThread()) === state.checkedKey && !state.inflight;
        if (checked && !isBlocked()) replaySend();
        else render(true);
      } finally {
        sendQueued = false;
      }
    })();
  }

  function onClick(event) {
    if (bypass || !site) return;
    const target = event.target instanceof Element ? event.target : null;
    if (!target || !target.closest(site.sendButtonSelector)) return;
    onSendAttempt(event);
  }

  function onKeydown(event) {
    if (bypass || !site || event.key !== "Enter") return;
    const draft = site.draftElement();
    if (!draft || !draft.contains(event.target)) return;
    if (site.menuOpen && site.menuOpen()) return; // Enter picks a canned response / mention
    if (!site.isSendKey(event)) return;
    onSendAttempt(event);
  }

  function sendAnyway() {
    const rules = errorRules();
    console.warn(state.status === "failed"
      ? "replylint: sent anyway unchecked (" + (state.error ? state.error.message : "check failed") + ")"
      : "replylint: sent anyway despite " + rules.join(", "));
    state.overrideKey = state.checkedKey;
    render();
    replaySend();
  }

  // ---- the panel ------------------------------------------------------------------------

  function mountPanel() {
    const box = site.replyBox();
    if (!box) return;
    if (!host) {
      host = document.createElement("div");
      host.id = "replylint-panel";
      view = host.attachShadow({ mode: "open" });
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = chrome.runtime.getURL("content/panel.css");
      const panel = document.createElement("div");
      panel.className = "panel";
      view.append(css, panel);
    }
    const before = site.panelPlacement === "before";
    const neighbour = before ? host.nextElementSibling : host.previousElementSibling;
    if (!host.isConnected || neighbour !== box) {
      box.insertAdjacentElement(before ? "beforebegin" : "afterend", host);
    }
    host.dataset.site = site.name;
  }

  function unmountPanel() {
    if (host) host.remove();
  }

  function setStatus(status) {
    state.status = status;
    if (status !== "checking") state.settled = status;
    render();
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, className, onPress) {
    const b = el("button", className, label);
    b.type = "button";
    b.addEventListener("click", (e) => { e.preventDefault(); e.stopPropagation(); onPress(); });
    return b;
  }

  function headline() {
    const findings = (state.report && state.report.findings) || [];
    switch (state.status) {
      case "idle": return "replylint проверит ответ перед отправкой";
      case "internal": return "replylint: внутренняя заметка — не проверяется";
      case "checking": return "replylint: проверяю ответ…";
      case "ok": return "replylint: замечаний нет";
      case "warn": return "replylint: предупреждения (" + findings.length + ") — отправить можно";
      case "block":
        return state.overrideKey === state.checkedKey
          ? "replylint: отправлено, несмотря на ошибки"
          : "replylint: отправка задержана — исправьте ответ";
      case "down": return "replylint недоступен — ответ не проверен";
      case "failed":
        return state.overrideKey === state.checkedKey
          ? "replylint: отправлено без проверки"
          : "replylint: проверка не удалась — отправка задержана";
      default: return "replylint";
    }
  }

  function render(flash) {
    if (!site) return;
    mountPanel();
    if (!host) return;
    const panel = view.querySelector(".panel");
    host.dataset.state = state.status;
    panel.className = "panel state-" + state.status + (flash ? " flash" : "");
    panel.replaceChildren();

    const head = el("div", "head");
    head.append(el("span", "dot"), el("span", "title", headline()));
    panel.append(head);

    if ((state.status === "down" || state.status === "failed") && state.error) {
      const allowed = state.status === "down" ? "Отправка разрешена без проверки." : "Исправьте или сократите ответ, повторите проверку или отправьте без неё.";
      const detail = el("div", "detail", state.error.message + ". " + allowed);
      panel.append(detail);
      head.append(button("Повторить", "retry", () => { state.checkedKey = null; check(); }));
    }

    const findings = ((state.report && state.report.findings) || []).slice()
      .sort((a, b) => (ORDER[a.severity] ?? 9) - (ORDER[b.severity] ?? 9));
    const checkedOrRechecking = ["ok", "warn", "block"].includes(state.status) ||
      (state.status === "checking" && ["warn", "block"].includes(state.settled));
    if (checkedOrRechecking && findings.length) {
      const list = el("ul", "findings" + (state.status === "checking" ? " stale" : ""));
      for (const f of findings) {
        const item = el("li", "finding sev-" + f.severity);
        const top = el("div", "line");
        top.append(el("span", "sev", SEVERITY[f.severity] || f.severity), el("code", "rule", f.rule));
        if (f.span && f.span.text) top.append(el("span", "quote", "«" + f.span.text + "»"));
        item.append(top, el("div", "msg", f.message));
        if (f.suggestion) item.append(el("div", "suggestion", "→ " + f.suggestion));
        list.append(item);
      }
      panel.append(list);
    }

    if (isBlocked()) {
      const actions = el("div", "actions");
      actions.append(
        el("span", "hint", "Исправьте ответ — проверка повторится сама."),
        button("Отправить всё равно", "anyway", sendAnyway)
      );
      panel.append(actions);
    }

    markSendButton();
  }

  // Outline the help desk's Send button while it is held (page.css) or unchecked.
  function markSendButton() {
    const send = site && site.sendButton();
    if (!send) return;
    const mark = isBlocked() ? "block" : state.status === "down" ? "down" : null;
    if (mark && send.getAttribute("data-replylint") !== mark) send.setAttribute("data-replylint", mark);
    if (!mark && send.hasAttribute("data-replylint")) send.removeAttribute("data-replylint");
  }

  // ---- watching the page ----------------------------------------------------------------

  function scan() {
    const found = (globalThis.ReplylintSites || []).find((s) => {
      try { return s.detect(); } catch (_) { return false; }
    }) || null;
    if (found !== site) {
      site = found;
      state.checkedKey = null;
      state.report = null;
      state.overrideKey = null;
      if (!site) { unmountPanel(); return; }
      render();
      check();
      return;
    }
    if (!site) return;
    mountPanel(); // the help desk may have re-rendered the reply box
    markSendButton();
    checkIfChanged();
  }

  function scheduleScan() {
    clearTimeout(scanTimer);
    scanTimer = setTimeout(scan, SCAN_DELAY_MS);
  }

  window.addEventListener("click", onClick, true);
  window.addEventListener("keydown", onKeydown, true);
  document.addEventListener("input", (event) => {
    const draft = site && site.draftElement();
    if (draft && draft.contains(event.target)) scheduleCheck(CHECK_DELAY_MS); // typing postpones the check
  }, true);
  new MutationObserver((records) => {
    if (host && records.every((r) => r.target === host)) return; // our own data-state updates
    scheduleScan();
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true,
                                         attributeFilter: ["class"] });
  scan();
})();
