// replylint service worker: the only place that talks HTTP to the replylint service.
// Content scripts send {type: "check", thread} and get back a plain result object;
// host_permissions for 127.0.0.1/localhost let us call the service whatever the page's CORS.

const DEFAULTS = { url: "http://127.0.0.1:8765", token: "" };
const TIMEOUT_MS = 15000;

async function settings() {
  const stored = await chrome.storage.local.get(DEFAULTS);
  return { url: String(stored.url || DEFAULTS.url).replace(/\/+$/, ""), token: stored.token || "" };
}

// One HTTP call; never throws. Result: {ok: true, data} or {ok: false, kind, message, status}.
// kind: "down" (unreachable or no answer in time), "failed" (the service answered 5xx: it could
// not check this draft — hostile text can cause that, so it must not open the gate), "auth"
// (401/403), "bad" (4xx: the request was refused).
async function call(path, init) {
  const { url, token } = await settings();
  const headers = { "Content-Type": "application/json" };
  if (token) headers["Authorization"] = "Bearer " + token;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url + path, { ...init, headers, signal: controller.signal });
  } catch (err) {
    const timedOut = err && err.name === "AbortError";
    return { ok: false, kind: "down", status: 0,
             message: timedOut ? "сервис не ответил вовремя" : "нет соединения с " + url };
  } finally {
    clearTimeout(timer);
  }
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (response.ok) return { ok: true, data: body };
  const detail = body && body.error ? ": " + body.error : "";
  if (response.status === 401 || response.status === 403) {
    return { ok: false, kind: "auth", status: response.status, message: "неверный токен" + detail };
  }
  if (response.status >= 500) {
    const what = response.status === 504 ? "проверка не уложилась во время" : "ошибка сервиса";
    return { ok: false, kind: "failed", status: response.status, message: what + " (" + response.status + ")" + detail };
  }
  return { ok: false, kind: "bad", status: response.status, message: "сервис отклонил запрос (" + response.status + ")" + detail };
}

// The toolbar badge mirrors the gate state of each tab.
const BADGES = {
  ok:      { text: "ok", color: "#2e7d32", title: "replylint: замечаний нет" },
  warn:    { text: "!",  color: "#ef6c00", title: "replylint: есть предупреждения" },
  block:   { text: "✕",  color: "#c62828", title: "replylint: отправка задержана — в ответе ошибки" },
  down:    { text: "off", color: "#616161", title: "replylint недоступен" },
  idle:    { text: "",   color: "#616161", title: "replylint" },
};

function setBadge(tabId, state, detail) {
  if (tabId === undefined || tabId === null) return;
  const badge = BADGES[state] || BADGES.idle;
  const title = detail ? badge.title + " — " + detail : badge.title;
  chrome.action.setBadgeText({ tabId, text: badge.text }).catch(() => {});
  chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(() => {});
  chrome.action.setTitle({ tabId, title }).catch(() => {});
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  const tabId = sender.tab ? sender.tab.id : undefined;
  if (message && message.type === "check") {
    call("/v1/check", { method: "POST", body: JSON.stringify(message.thread) }).then((result) => {
      if (result.ok) setBadge(tabId, result.data.verdict);
      else setBadge(tabId, "down", result.message);
      reply(result);
    });
    return true; // reply asynchronously
  }
  if (message && message.type === "health") {
    call("/healthz", { method: "GET" }).then(reply);
    return true;
  }
  if (message && message.type === "badge") {
    setBadge(tabId, message.state, message.detail);
    reply({ ok: true });
    return false;
  }
  return false;
});
