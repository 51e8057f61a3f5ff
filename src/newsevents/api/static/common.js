// Shared by the dashboard and the event page: API calls, DOM building (text only, never HTML), type colours.
"use strict";
window.NE = (function () {
  // ACLED event types, in the codebook's order, and the CSS class that colours each.
  const TYPES = [
    ["Battles", "t-battles"],
    ["Explosions/Remote violence", "t-explosions"],
    ["Violence against civilians", "t-vac"],
    ["Protests", "t-protests"],
    ["Riots", "t-riots"],
    ["Strategic developments", "t-strategic"],
  ];
  const TYPE_CLASS = new Map(TYPES);
  const OTHER = "No ACLED type";

  function typeClass(type) {
    return TYPE_CLASS.get(type) || "t-other";
  }

  function typeLabel(type) {
    return type || OTHER;
  }

  // An element with attributes and children; strings become text nodes, so article text is never parsed as HTML.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, String(value));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // Only http(s) links are followed; anything else (javascript:, data:) is shown as text.
  function safeUrl(url) {
    try {
      const parsed = new URL(url, window.location.origin);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "") q.set(name, value);
    }
    const text = q.toString();
    return text ? "?" + text : "";
  }

  class ApiError extends Error {}

  // GET a JSON endpoint; a failure throws with the API's own error message.
  async function api(path, params) {
    const response = await fetch(path + query(params || {}), { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      throw new ApiError(`${path}: HTTP ${response.status}, not JSON`);
    }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
      throw new ApiError(message);
    }
    return body;
  }

  function actorName(actor) {
    return actor ? actor.name || actor.text || "" : "";
  }

  function place(location) {
    if (!location) return "";
    return [location.name || location.text, location.admin1 && location.admin1 !== location.name ? location.admin1 : null]
      .filter(Boolean).join(", ");
  }

  return { TYPES, OTHER, typeClass, typeLabel, el, svg, clear, safeUrl, query, api, ApiError, actorName, place };
})();
