// The event page: the coded record, its sources, and each article's text with every coded field
// highlighted where its evidence came from. Built from GET /api/events/{id}; article text only ever
// becomes text nodes.
"use strict";
(function () {
  const { el, clear, api, safeUrl, typeClass, typeLabel, actorName, place } = window.NE;
  const statusLine = document.getElementById("status");
  const eventId = decodeURIComponent(window.location.pathname.replace(/^\/events\//, ""));

  const LABELS = {
    trigger: "Trigger",
    "acled.sub_event_type": "ACLED sub-event type",
    "acled.event_type": "ACLED event type",
    "plover.event": "PLOVER event",
    date: "Date",
    actor1: "Actor 1",
    actor2: "Actor 2",
    assoc_actor_1: "Associated actor 1",
    assoc_actor_2: "Associated actor 2",
    location: "Location",
    fatalities: "Fatalities",
    injuries: "Injuries",
    arrests: "Arrests",
    crowd_size: "Crowd size",
  };

  function label(field) {
    return LABELS[field] || field;
  }

  // Colour group of a coded field: what happened, who (each side), where, when, how many.
  function group(field) {
    if (field === "trigger" || /^(acled|plover|cameo)\./.test(field)) return "g-what";
    if (field === "actor1" || field === "assoc_actor_1") return "g-actor1";
    if (field === "actor2" || field === "assoc_actor_2") return "g-actor2";
    if (field === "location") return "g-where";
    if (field === "date") return "g-when";
    if (["fatalities", "injuries", "arrests", "crowd_size"].includes(field)) return "g-count";
    return "g-other";
  }

  function count(c) {
    if (!c) return "0";
    if (c.low === c.high) return String(c.best);
    return `${c.best} (${c.low}–${c.high >= 999 ? "?" : c.high})`;
  }

  function actor(a) {
    if (!a) return "";
    const extra = [a.type, a.inter ? `inter ${a.inter}` : null, a.sector].filter(Boolean).join(", ");
    return extra ? `${actorName(a)} (${extra})` : actorName(a);
  }

  function jump(field) {
    const mark = document.querySelector(`mark.hl[data-fields~="${CSS.escape(field)}"]`);
    if (!mark) return;
    mark.scrollIntoView({ behavior: "smooth", block: "center" });
    mark.classList.add("flash");
    setTimeout(() => mark.classList.remove("flash"), 1500);
  }

  function evidenceChip(event, field) {
    const span = (event.evidence || {})[field];
    if (!span) return el("span", { class: "none", text: "—" });
    const chip = el("button", { type: "button", class: "chip " + group(field), title: "Show it in the article", text: span.text });
    chip.addEventListener("click", () => jump(field));
    return chip;
  }

  function fieldsTable(event) {
    const e = event;
    const loc = e.location || {};
    const rows = [
      ["ACLED event type", typeLabel(e.acled.event_type), null],
      ["ACLED sub-event type", e.acled.sub_event_type, "acled.sub_event_type"],
      ["Disorder type", e.acled.disorder_type, null],
      ["Trigger", e.trigger ? e.trigger.text : "", "trigger"],
      ["PLOVER event / mode", [e.plover.event, e.plover.mode].filter(Boolean).join(" / "), null],
      ["CAMEO code", e.cameo.code, null],
      ["Date", [e.date, e.date_end ? `to ${e.date_end}` : null, e.date_reason ? `(${e.date_reason})` : null].filter(Boolean).join(" "), "date"],
      ["Actor 1", actor(e.actor1), "actor1"],
      ["Actor 2", actor(e.actor2), "actor2"],
      ["Associated actor 1", (e.assoc_actor_1 || []).map(actorName).join("; "), null],
      ["Associated actor 2", (e.assoc_actor_2 || []).map(actorName).join("; "), null],
      ["Interaction", e.interaction, null],
      ["Location", [place(loc), loc.country, loc.lat !== null && loc.lat !== undefined ? `${loc.lat}, ${loc.lon}` : null,
        loc.geo_precision ? `precision ${loc.geo_precision}` : null].filter(Boolean).join(" · "), "location"],
      ["Fatalities", count(e.fatalities), "fatalities"],
      ["Injuries", count(e.injuries), "injuries"],
      ["Arrests", count(e.arrests), "arrests"],
      ["Crowd size", e.crowd_size ? (e.crowd_size.text || count(e.crowd_size)) : "", "crowd_size"],
      ["Flags", [e.negated ? "negated" : null, e.hypothetical ? "hypothetical" : null, e.historical ? "historical" : null, e.reported ? "reported speech" : null].filter(Boolean).join(", "), null],
      ["Confidence", e.confidence, null],
      ["Sources / mentions", `${e.source_count} / ${e.mention_count}`, null],
      ["Event id", e.event_id, null],
    ];
    const body = document.querySelector("#fields tbody");
    clear(body);
    for (const [name, value, field] of rows) {
      if (value === null || value === undefined || value === "") continue;
      body.appendChild(el("tr", { "data-field": field },
        el("th", { text: name }),
        el("td", { text: String(value) }),
        el("td", {}, field ? evidenceChip(e, field) : "")));
    }
  }

  function sourcesList(sources) {
    const list = document.getElementById("sources");
    clear(list);
    for (const s of sources) {
      const url = s.url ? safeUrl(s.url) : null;
      const title = s.title || s.url || s.article_id;
      list.appendChild(el("li", {},
        el("strong", { text: s.source || "unknown source" }),
        s.published ? ` · ${s.published} · ` : " · ",
        url ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", text: title }) : el("span", { text: title }),
        " ",
        el("a", { class: "json", href: "/api/articles/" + encodeURIComponent(s.article_id), text: "(stored article, JSON)" })));
    }
    if (!sources.length) list.appendChild(el("li", { text: "No source recorded." }));
  }

  // The article text as text nodes, with a <mark> over each stretch that some evidence span covers.
  function highlighted(text, evidence) {
    const spans = evidence.filter((s) => s.matches && s.end > s.start);
    const points = new Set([0, text.length]);
    for (const s of spans) { points.add(s.start); points.add(s.end); }
    const cuts = Array.from(points).sort((a, b) => a - b);
    const node = el("div", { class: "article-text" });
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      const a = cuts[i], b = cuts[i + 1];
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) {
        node.appendChild(document.createTextNode(piece));
        continue;
      }
      covering.sort((x, y) => (x.end - x.start) - (y.end - y.start));
      const fields = Array.from(new Set(covering.map((s) => s.field)));
      node.appendChild(el("mark", {
        class: `hl ${group(covering[0].field)}${fields.length > 1 ? " multi" : ""}`,
        "data-fields": fields.join(" "),
        title: fields.map(label).join(", "),
        text: piece,
      }));
    }
    return node;
  }

  function legend() {
    const groups = [["g-what", "what (trigger, type)"], ["g-actor1", "actor 1"], ["g-actor2", "actor 2"],
      ["g-where", "where"], ["g-when", "when"], ["g-count", "how many"]];
    return el("p", { class: "hl-legend" }, "Highlights: ",
      groups.map(([cls, name]) => el("mark", { class: "hl " + cls, text: name })));
  }

  function mentionSection(m, index) {
    const url = m.url ? safeUrl(m.url) : null;
    const missing = m.evidence.filter((s) => !s.matches);
    return el("section", { class: "panel mention", "data-article-id": m.article_id },
      el("h3", { text: m.title || `Article ${index + 1}` }),
      el("p", { class: "meta" },
        [m.source, m.published].filter(Boolean).join(" · "),
        url ? " · " : "",
        url ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", text: "original" }) : "",
        ` · ${m.reason}`),
      el("ul", { class: "evidence-list" }, m.evidence.map((s) =>
        el("li", {}, el("mark", { class: "hl " + group(s.field), text: label(s.field) }), " ", s.text))),
      missing.length ? el("p", { class: "warning", text: `${missing.length} evidence span(s) do not match this text: ${missing.map((s) => label(s.field)).join(", ")}` }) : "",
      highlighted(m.text, m.evidence));
  }

  async function load() {
    try {
      const detail = await api("/api/events/" + encodeURIComponent(eventId));
      const e = detail.event;
      const what = e.acled.sub_event_type || e.acled.event_type || e.plover.event || "Event";
      document.title = `newsevents — ${what}, ${e.date || "no date"}`;
      const title = document.getElementById("event-title");
      title.appendChild(el("span", { class: "swatch " + typeClass(e.acled.event_type) }));
      title.appendChild(document.createTextNode(`${what} — ${e.date || "no date"} — ${place(e.location) || "place unknown"}`));
      document.getElementById("event-notes").textContent = e.notes || "";
      fieldsTable(e);
      sourcesList(detail.sources);
      const mentions = document.getElementById("mentions");
      mentions.appendChild(el("h3", { text: `Told by ${detail.mentions.length} article${detail.mentions.length === 1 ? "" : "s"}` }));
      mentions.appendChild(legend());
      detail.mentions.forEach((m, i) => mentions.appendChild(mentionSection(m, i)));
      statusLine.textContent = "";
      statusLine.hidden = true;
      document.body.dataset.state = "ready";
    } catch (error) {
      statusLine.className = "status error";
      statusLine.textContent = error.message;
      document.body.dataset.state = "error";
    }
  }

  load();
})();
