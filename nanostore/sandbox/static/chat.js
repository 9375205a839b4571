// The sandbox chat page: polls the sandbox server for the current persona's chat and for
// live-reload problems, and turns clicks into people-API actions. Message bodies arrive as
// HTML the server built from Telegram entities (escaped text + a fixed tag list); everything
// else is put in with textContent.
"use strict";

const POLL_MS = 700;
const NEAR_BOTTOM_PX = 48; // closer than this to the end counts as "reading the newest message"
let persona = localStorage.getItem("sandbox-persona") || "customer";
let lastChat = "";
let lastStatus = "";
let shown = new Map(); // message id -> { key: its JSON, node: its <li> }, to redraw only changes
// Follow the newest message (as Telegram does) until the person scrolls up on purpose; going
// back down to the end, or acting in the chat, follows it again.
let following = true;
// Where the view was last known to follow the newest message. The chat growing (a photo
// loading, a message arriving) moves the end away without moving the view, and the scroll
// event that our own scrolling causes may arrive after more growth: only a view above this
// point is the person scrolling up.
let followedAt = 0;

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function post(path, body, isForm) {
  following = true; // the person acts: show what the bot answers, as Telegram does
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

function price(invoice) {
  return invoice.currency === "XTR" ? `⭐ ${invoice.amount}` : `${invoice.amount} ${invoice.currency}`;
}

function renderInvoice(message) {
  const invoice = message.invoice;
  const box = element("div", "invoice");
  box.append(element("strong", "", invoice.title));
  box.append(element("div", "", invoice.description));
  box.append(element("div", "", price(invoice)));
  return box;
}

// An invoice without buttons of its own gets Telegram's Pay button under the bubble.
function renderPayKeyboard(message) {
  const invoice = message.invoice;
  const pay = element("button", "", invoice.paid ? "✅ Paid" : `Pay ${price(invoice)}`);
  pay.type = "button";
  pay.disabled = invoice.paid;
  pay.addEventListener("click", () => post("pay", { message_id: message.id }));
  const keyboard = element("div", "keyboard");
  const line = element("div", "row");
  line.append(pay);
  keyboard.append(line);
  return keyboard;
}

function renderKeyboard(message) {
  const keyboard = element("div", "keyboard");
  message.buttons.forEach((row, rowIndex) => {
    const line = element("div", "row");
    row.forEach((button, column) => {
      let node;
      if (button.kind === "url") {
        node = element("a", "", `${button.text} ↗`);
        node.title = button.url || button.text;
        if (button.url) node.href = button.url;
        node.target = "_blank";
        node.rel = "noopener noreferrer";
      } else {
        node = element("button", "", button.text);
        node.type = "button";
        node.title = button.text; // the whole label, when one line cuts it short
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

// HH:MM in the viewer's time, as Telegram shows it; the full date on hover.
function timeTag(date) {
  const when = new Date(date * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  const tag = element("time", "time", `${pad(when.getHours())}:${pad(when.getMinutes())}`);
  tag.dateTime = when.toISOString();
  tag.title = when.toLocaleString();
  return tag;
}

// The small grey line at the bubble's bottom right: "edited", the version tag, the time. It
// floats at the end of the text, so it shares the last line when there is room.
function renderMeta(message) {
  const meta = element("span", "meta");
  if (message.edited) meta.append(element("span", "edited", "edited"));
  if (message.version) meta.append(versionTag(message.version));
  if (message.date) meta.append(timeTag(message.date));
  return meta;
}

// <li> holds the bubble and, under it, the inline keyboard: the list item is as wide as the
// wider of the two, and both stretch to it, so the buttons are exactly as wide as the bubble.
function renderMessage(message) {
  const item = element("li", message.from_bot ? "message" : "message mine");
  item.dataset.messageId = message.id;
  const bubble = element("div", "bubble");
  if (message.media) {
    bubble.append(renderMedia(message.media));
    bubble.classList.add("with-media");
  }
  if (message.invoice) bubble.append(renderInvoice(message));
  const body = element("div", "body");
  body.innerHTML = message.html; // built server-side from entities: escaped text, allowed tags only
  if (message.payment) body.textContent = `✅ Paid ⭐ ${message.payment.amount}`;
  body.append(renderMeta(message));
  bubble.append(body);
  item.append(bubble);
  if (message.buttons.length) item.append(renderKeyboard(message));
  else if (message.invoice) item.append(renderPayKeyboard(message));
  return item;
}

function distanceFromBottom(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
}

function followNewest() {
  const scroller = $("scroller");
  if (following && distanceFromBottom(scroller) > 1) {
    scroller.scrollTop = scroller.scrollHeight;
    followedAt = scroller.scrollTop;
  }
}

// Redraws only the messages whose JSON changed, so photos already shown are not loaded again
// and a focused button keeps its focus.
function renderChat(messages) {
  const chat = $("chat");
  const next = new Map();
  const nodes = messages.map((message) => {
    const key = JSON.stringify(message);
    const old = shown.get(message.id);
    const node = old && old.key === key ? old.node : renderMessage(message);
    next.set(message.id, { key, node });
    return node;
  });
  const keep = new Set(nodes);
  [...chat.children].forEach((child) => { if (!keep.has(child)) child.remove(); });
  let cursor = chat.firstChild;
  nodes.forEach((node) => {
    if (node === cursor) cursor = cursor.nextSibling;
    else chat.insertBefore(node, cursor);
  });
  shown = next;
  const empty = messages.length === 0;
  $("empty").hidden = !empty;
  $("start-bar").hidden = !empty;
  $("start").disabled = false;
  followNewest();
}

async function refreshChat() {
  const asked = persona;
  const response = await fetch(`/api/chat/${asked}`);
  if (!response.ok || asked !== persona) return;
  const text = await response.text();
  if (text === lastChat) return;
  lastChat = text;
  renderChat(JSON.parse(text).messages);
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
  shown = new Map();
  $("chat").replaceChildren();
  following = true;
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
  $("start").addEventListener("click", () => {
    $("start").disabled = true; // until the chat shows the /start it sent
    post("send", { text: "/start" });
  });
  const scroller = $("scroller");
  scroller.addEventListener("scroll", () => {
    if (distanceFromBottom(scroller) < NEAR_BOTTOM_PX) {
      following = true;
      followedAt = scroller.scrollTop;
    } else if (scroller.scrollTop < followedAt - 1) {
      following = false; // the person went up to read older messages
    }
  });
  // A photo that loads after the scroll makes the chat taller: follow it down again (unless
  // the person scrolled up); the same when the window or the header's problems box resizes.
  const resized = new ResizeObserver(followNewest);
  resized.observe($("chat"));
  resized.observe(scroller);
  choosePersona(persona);
  poll();
});
