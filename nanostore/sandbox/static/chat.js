// The sandbox chat page: polls the sandbox server for the current persona's chat and for
// live-reload problems, and turns clicks into people-API actions. Message bodies arrive as
// HTML the server built from Telegram entities (escaped text + a fixed tag list); everything
// else is put in with textContent.
"use strict";

const POLL_MS = 700;
let persona = localStorage.getItem("sandbox-persona") || "customer";
let lastChat = "";
let lastStatus = "";

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function post(path, body, isForm) {
  const options = { method: "POST", body: isForm ? body : JSON.stringify(body) };
  if (!isForm) options.headers = { "Content-Type": "application/json" };
  const response = await fetch(`/api/chat/${persona}/${path}`, options);
  if (!response.ok) {
    const answer = await response.json().catch(() => ({ error: response.statusText }));
    notify(answer.error || "the sandbox refused that");
  }
  await refreshChat();
}

function notify(text) {
  const notice = $("notice");
  notice.textContent = text;
  notice.hidden = !text;
  if (text) setTimeout(() => { if (notice.textContent === text) notify(""); }, 6000);
}

function renderMedia(media) {
  const box = element("div", "media");
  if (media.kind === "photo" && !media.empty) {
    const image = element("img");
    image.src = media.url;
    image.alt = "photo from the bot";
    box.append(image);
  } else if (media.empty) {
    box.append(element("span", "placeholder", `[${media.kind}: ${media.name}]`));
  } else {
    const link = element("a", "", `📄 ${media.name}`);
    link.href = media.url;
    link.setAttribute("download", media.name);
    box.append(link);
  }
  return box;
}

function renderInvoice(message) {
  const invoice = message.invoice;
  const box = element("div", "invoice");
  box.append(element("strong", "", invoice.title));
  box.append(element("div", "", invoice.description));
  const price = invoice.currency === "XTR" ? `⭐ ${invoice.amount}` : `${invoice.amount} ${invoice.currency}`;
  box.append(element("div", "", price));
  if (!message.buttons.length) {
    const pay = element("button", "", invoice.paid ? "✅ Paid" : `Pay ${price}`);
    pay.type = "button";
    pay.disabled = invoice.paid;
    pay.addEventListener("click", () => post("pay", { message_id: message.id }));
    const keyboard = element("div", "keyboard");
    keyboard.append(pay);
    box.append(keyboard);
  }
  return box;
}

function renderKeyboard(message) {
  const keyboard = element("div", "keyboard");
  message.buttons.forEach((row, rowIndex) => {
    const line = element("div", "row");
    row.forEach((button, column) => {
      let node;
      if (button.kind === "url") {
        node = element("a", "", `${button.text} ↗`);
        if (button.url) node.href = button.url;
        node.target = "_blank";
        node.rel = "noopener noreferrer";
      } else {
        node = element("button", "", button.text);
        node.type = "button";
        node.addEventListener("click", () =>
          post("tap", { message_id: message.id, row: rowIndex, column }));
      }
      line.append(node);
    });
    keyboard.append(line);
  });
  return keyboard;
}

// Which screens version sent or last edited this message: after a live reload, a tag older
// than the header's version means the text on it predates the edit.
function versionTag(version) {
  const tag = element("span", "version", `v${version}`);
  tag.title = `answered by screens version ${version}`;
  return tag;
}

function renderMessage(message) {
  const item = element("li", message.from_bot ? "message" : "message mine");
  item.dataset.messageId = message.id;
  if (message.media) item.append(renderMedia(message.media));
  if (message.invoice) item.append(renderInvoice(message));
  const body = element("div", "body");
  body.innerHTML = message.html; // built server-side from entities: escaped text, allowed tags only
  if (message.payment) body.textContent = `✅ Paid ⭐ ${message.payment.amount}`;
  item.append(body);
  if (message.edited) item.append(element("span", "edited", "edited"));
  if (message.version) item.append(versionTag(message.version));
  if (message.buttons.length) item.append(renderKeyboard(message));
  return item;
}

async function refreshChat() {
  const response = await fetch(`/api/chat/${persona}`);
  if (!response.ok) return;
  const text = await response.text();
  if (text === lastChat) return;
  lastChat = text;
  const chat = $("chat");
  const scroller = chat.parentElement;
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  chat.replaceChildren(...JSON.parse(text).messages.map(renderMessage));
  if (atBottom || !chat.dataset.seen) scroller.scrollTop = scroller.scrollHeight;
  chat.dataset.seen = "1";
}

async function refreshStatus() {
  const response = await fetch("/api/status");
  if (!response.ok) return;
  const text = await response.text();
  if (text === lastStatus) return;
  lastStatus = text;
  const status = JSON.parse(text);
  $("problems").hidden = status.problems.length === 0;
  $("problem-list").replaceChildren(...status.problems.map((line) => element("li", "", line)));
  $("reload-state").textContent = status.problems.length
    ? `⚠️ screens have problems — v${status.version} answering`
    : status.reloads ? `🔄 screens reloaded ×${status.reloads}` : "👀 watching screens/ and locales/";
  $("screens-version").textContent = `v${status.version}`;
  $("screens-version").title = `screens version ${status.version}: +1 on each reload without problems`;
}

function choosePersona(key) {
  persona = key;
  localStorage.setItem("sandbox-persona", key);
  lastChat = "";
  document.querySelectorAll("[data-persona]").forEach((button) =>
    button.setAttribute("aria-pressed", String(button.dataset.persona === key)));
  refreshChat();
}

async function poll() {
  try {
    await Promise.all([refreshChat(), refreshStatus()]);
  } catch (error) {
    notify("the sandbox is not answering (is `nanostore sandbox` still running?)");
  }
  setTimeout(poll, POLL_MS);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-persona]").forEach((button) =>
    button.addEventListener("click", () => choosePersona(button.dataset.persona)));
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value;
    if (!text.trim()) return;
    $("text").value = "";
    post("send", { text });
  });
  $("file").addEventListener("change", () => {
    const file = $("file").files[0];
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    form.append("caption", $("text").value);
    $("text").value = "";
    $("file").value = "";
    post("upload", form, true);
  });
  choosePersona(persona);
  poll();
});
