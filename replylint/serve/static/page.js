// The replylint web page: paste or load a thread, edit the draft, see the findings on it.
// Plain JS, no build step: it calls the service this page came from (POST /v1/check).
"use strict";

const EXAMPLE = {
  id: "T-1042",
  channel: "chat",
  customer: { name: "Анна Смирнова", fields: { order_id: "4815162342" } },
  messages: [
    { author: "customer", text: "Здравствуйте! Заказ 4815162342 не пришёл, хотя обещали вчера. Когда доставят? И можно ли оплатить доставку картой при получении?" },
  ],
};
const EXAMPLE_DRAFT = "Добрый день! Пришлите, пожалуйста, номер заказа, мы проверим. Ответы на частые вопросы: https://help.example.ru/faq";
const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };
const STATUS_TEXT = { answered: "отвечен", deferred: "отложен", unanswered: "без ответа" };
const VERDICT_TEXT = { ok: "можно отправлять", warn: "есть замечания", block: "отправка заблокирована" };

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

function threadBody() {
  let thread;
  try {
    thread = JSON.parse($("thread").value || "{}");
  } catch (e) {
    throw new Error("Переписка — не JSON: " + e.message);
  }
  if (typeof thread !== "object" || thread === null || Array.isArray(thread)) {
    throw new Error("Переписка должна быть JSON-объектом (Thread)");
  }
  const text = $("draft").value;
  if ("question" in thread) return { question: thread.question, draft: text };
  const draft = typeof thread.draft === "object" && thread.draft ? thread.draft : {};
  return { ...thread, draft: { ...draft, text } };
}

async function check() {
  $("input-error").textContent = "";
  let body;
  try {
    body = threadBody();
  } catch (e) {
    $("input-error").textContent = e.message;
    return;
  }
  const headers = { "Content-Type": "application/json" };
  const token = $("token").value.trim();
  if (token) headers.Authorization = "Bearer " + token;
  $("status").textContent = "проверяю…";
  const started = performance.now();
  let response, data;
  try {
    response = await fetch("/v1/check", { method: "POST", headers, body: JSON.stringify(body) });
    data = await response.json();
  } catch (e) {
    $("status").textContent = "";
    $("input-error").textContent = "Сервис не ответил: " + e.message;
    return;
  }
  if (!response.ok) {
    $("status").textContent = "";
    $("input-error").textContent = `Ошибка ${response.status}: ${data.error || "неизвестно"}`;
    return;
  }
  $("status").textContent = `готово за ${Math.round(performance.now() - started)} мс`;
  render(data, body.draft.text ?? body.draft);
}

function render(report, draftText) {
  const verdict = $("verdict");
  verdict.className = "verdict " + report.verdict;
  verdict.textContent = VERDICT_TEXT[report.verdict] || report.verdict;
  renderDraft(draftText, report.findings.filter((f) => f.span && f.span.source === "draft"));
  renderFindings(report.findings);
  renderQuestions(report.questions || []);
  renderTemplates(report.templates || []);
}

// Report offsets count code points (Python str); JS strings count UTF-16 units, which differ
// after an emoji. at[i] is the UTF-16 index of code point i.
function utf16Offsets(text) {
  const at = [0];
  for (const ch of text) at.push(at[at.length - 1] + ch.length);
  return (i) => at[Math.max(0, Math.min(at.length - 1, i))];
}

// The draft cut at every span boundary; each piece is marked with the findings covering it.
function renderDraft(text, reported) {
  const view = $("highlighted");
  view.replaceChildren();
  const at = utf16Offsets(text);
  const findings = reported.map((f) => ({ ...f, span: { ...f.span, start: at(f.span.start), end: at(f.span.end) } }));
  const cuts = new Set([0, text.length]);
  for (const f of findings) {
    cuts.add(f.span.start);
    cuts.add(f.span.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const covering = findings.filter((f) => f.span.start <= a && f.span.end >= b && f.span.end > f.span.start);
    if (!covering.length) {
      view.append(piece);
      continue;
    }
    const worst = covering.reduce((x, y) => (SEVERITY_RANK[y.severity] > SEVERITY_RANK[x.severity] ? y : x));
    const tip = covering.map((f) => `${f.rule}: ${f.message}` + (f.suggestion ? `\n→ ${f.suggestion}` : "")).join("\n\n");
    const mark = el("mark", { className: "sev-" + worst.severity, title: tip, tabIndex: 0 }, piece);
    mark.dataset.rules = covering.map((f) => f.rule).join(" ");
    mark.append(el("span", { className: "tip", role: "tooltip" }, tip));
    view.append(mark);
  }
}

function renderFindings(findings) {
  const list = $("findings");
  list.replaceChildren();
  if (!findings.length) list.append(el("li", { className: "none" }, "Замечаний нет."));
  for (const f of findings) {
    const item = el("li", { className: "sev-" + f.severity },
      el("span", { className: "badge" }, f.severity),
      el("code", {}, `${f.code} ${f.rule}`), " ", f.message);
    if (f.suggestion) item.append(el("div", { className: "suggestion" }, "→ " + f.suggestion));
    list.append(item);
  }
}

function renderQuestions(questions) {
  const body = $("questions").tBodies[0];
  body.replaceChildren();
  if (!questions.length) body.append(el("tr", {}, el("td", { colSpan: 3, className: "none" }, "Вопросов не найдено.")));
  for (const q of questions) {
    body.append(el("tr", { className: q.status },
      el("td", {}, q.span.text),
      el("td", {}, el("span", { className: "status-" + q.status }, STATUS_TEXT[q.status] || q.status)),
      el("td", {}, q.answered_by ? q.answered_by.text : "—")));
  }
}

function renderTemplates(templates) {
  const list = $("templates");
  list.replaceChildren();
  if (!templates.length) list.append(el("li", { className: "none" }, "Подходящих шаблонов нет."));
  for (const t of templates) {
    const use = el("button", { type: "button", className: "use" }, "Использовать");
    use.addEventListener("click", () => {
      $("draft").value = t.text;
      check();
    });
    list.append(el("li", {},
      el("div", { className: "template-head" }, el("strong", {}, t.title), ` · ${t.id} · ${t.score.toFixed(2)} `, use),
      el("pre", {}, t.text)));
  }
}

function loadFile(file) {
  file.text().then((text) => {
    try {
      const thread = JSON.parse(text);
      const draft = thread.draft && typeof thread.draft === "object" ? thread.draft.text : thread.draft;
      if (typeof draft === "string") $("draft").value = draft;
      if (thread.draft && typeof thread.draft === "object") delete thread.draft.text;
      else delete thread.draft;
      $("thread").value = JSON.stringify(thread, null, 2);
      $("input-error").textContent = "";
    } catch (e) {
      $("input-error").textContent = `${file.name}: не JSON (${e.message})`;
    }
  });
}

$("thread").value = JSON.stringify(EXAMPLE, null, 2);
$("draft").value = EXAMPLE_DRAFT;
$("token").value = localStorage.getItem("replylint-token") || "";
$("token").addEventListener("change", () => localStorage.setItem("replylint-token", $("token").value.trim()));
$("check").addEventListener("click", check);
$("file").addEventListener("change", (e) => e.target.files[0] && loadFile(e.target.files[0]));
document.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) check();
});
