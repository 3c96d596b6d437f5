// Options page: the service URL and token, kept in chrome.storage.local.
const DEFAULTS = { url: "http://127.0.0.1:8765", token: "" };
const form = document.getElementById("form");
const urlInput = document.getElementById("url");
const tokenInput = document.getElementById("token");
const statusLine = document.getElementById("status");

function show(text, kind) {
  statusLine.textContent = text;
  statusLine.className = kind || "";
}

function isLocal(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" && (u.hostname === "127.0.0.1" || u.hostname === "localhost");
  } catch (_) {
    return false;
  }
}

chrome.storage.local.get(DEFAULTS).then((stored) => {
  urlInput.value = stored.url;
  tokenInput.value = stored.token;
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const url = urlInput.value.trim().replace(/\/+$/, "");
  if (!isLocal(url)) {
    show("Адрес должен быть http://127.0.0.1:ПОРТ или http://localhost:ПОРТ.", "error");
    return;
  }
  await chrome.storage.local.set({ url, token: tokenInput.value.trim() });
  show("Сохранено.", "ok");
});

document.getElementById("test").addEventListener("click", async () => {
  show("Проверяю…");
  const result = await chrome.runtime.sendMessage({ type: "health" });
  if (result && result.ok) show("Сервис доступен (версия " + (result.data.version || "?") + ").", "ok");
  else show("replylint недоступен: " + (result ? result.message : "нет ответа"), "error");
});
