"use strict";
// What both apps share: the MCP Apps protocol (SEP-1865) spoken to the host as JSON-RPC over
// postMessage, and small helpers. tools/apps/apps.cpp puts this script inside each app's
// document when it is read, so every document is whole on its own.
const PROTOCOL = "2026-01-26";
const pending = new Map();
let nextId = 1;
function send(message) { window.parent.postMessage(message, "*"); }
function request(method, params) {
  const id = nextId++;
  send({ jsonrpc: "2.0", id, method, params });
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
function notify(method, params) { send({ jsonrpc: "2.0", method, params }); }

const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

// The host's theme: its style variables (each app's styles fall back to their own colours).
function applyContext(context) {
  const vars = context && context.styles && context.styles.variables;
  if (vars) for (const [k, v] of Object.entries(vars)) if (v) document.documentElement.style.setProperty(k, v);
  if (context && context.theme) document.documentElement.style.colorScheme = context.theme;
}

// Starts an app: answers the host's requests (ping, teardown) and its replies, passes each
// notification to its handler in `on`, reports the content's size, and initializes.
// `failed(text)` shows a message when the host does not start the app.
function startApp(name, on, failed) {
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    const m = event.data;
    if (!m || m.jsonrpc !== "2.0") return;
    if (m.id !== undefined && m.method === undefined) {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error.message || "The host refused the request")); else p.resolve(m.result);
      return;
    }
    if (m.id !== undefined) { send({ jsonrpc: "2.0", id: m.id, result: {} }); return; }
    if (m.method === "ui/notifications/host-context-changed") applyContext(m.params);
    if (on[m.method]) on[m.method](m.params);
  });
  // The content's own size (not the frame's: scrollHeight is never less than the frame, and a
  // host that sizes the frame to it would grow it for ever).
  let reported = "";
  new ResizeObserver(() => {
    const box = document.body.getBoundingClientRect();
    const style = getComputedStyle(document.body);
    const size = { width: Math.ceil(box.width + parseFloat(style.marginLeft) + parseFloat(style.marginRight)),
                   height: Math.ceil(box.height + parseFloat(style.marginTop) + parseFloat(style.marginBottom)) };
    if (JSON.stringify(size) === reported) return;
    reported = JSON.stringify(size);
    notify("ui/notifications/size-changed", size);
  }).observe(document.body);
  (async () => {
    try {
      const init = await request("ui/initialize", {
        appCapabilities: { availableDisplayModes: ["inline", "fullscreen"] },
        appInfo: { name, version: "1.0.0" },
        protocolVersion: PROTOCOL,
      });
      applyContext(init && init.hostContext);
      notify("ui/notifications/initialized", {});
    } catch (e) {
      failed("The host did not start the app: " + e.message);
    }
  })();
}
