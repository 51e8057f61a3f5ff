// The dashboard: filters drive a clustered map, a timeline and a table, all read from the public JSON API.
"use strict";
(function () {
  const { el, svg, clear, api, typeClass, typeLabel, actorName, place, query, TYPES, OTHER } = window.NE;
  const PAGE = 500; // events per API request
  const CAP = 5000; // events loaded for the map and table; the status line says when there are more
  const TABLE_STEP = 100;
  const FIELDS = ["type", "date_from", "date_to", "country", "q"];

  const form = document.getElementById("filters");
  const statusLine = document.getElementById("status");
  const mapNode = document.getElementById("map");
  const mapNote = document.getElementById("map-note");
  const timelineNode = document.getElementById("timeline");
  const legendNode = document.getElementById("legend");
  const placesNode = document.getElementById("places");
  const tableBody = document.querySelector("#events-table tbody");
  const moreButton = document.getElementById("more");

  let generation = 0;
  let shown = [];
  let tableRows = 0;

  // -- map ----------------------------------------------------------------------------------------

  const map = L.map(mapNode, { worldCopyJump: true, minZoom: 1, zoomSnap: 0.25 }).setView([10, 20], 2);
  const tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  }).addTo(map);
  // Without tiles (offline), a graticule and country names placed at their events keep the map readable.
  const offline = L.layerGroup();
  const countryLabels = L.layerGroup().addTo(offline);
  let tilesFailed = false;
  tiles.on("tileerror", function () {
    if (tilesFailed) return;
    tilesFailed = true;
    mapNote.textContent = "Map tiles could not be loaded (offline?): events are still shown, on a 10° grid.";
    for (let lat = -80; lat <= 80; lat += 10) {
      L.polyline([[lat, -180], [lat, 180]], { color: "#b2bec3", weight: lat === 0 ? 1.5 : 0.7, interactive: false }).addTo(offline);
    }
    for (let lon = -180; lon <= 180; lon += 10) {
      L.polyline([[-85, lon], [85, lon]], { color: "#b2bec3", weight: lon === 0 ? 1.5 : 0.7, interactive: false }).addTo(offline);
    }
    offline.addTo(map);
    labelCountries(shown);
  });

  function labelCountries(events) {
    countryLabels.clearLayers();
    const places = new Map();
    for (const event of events) {
      const loc = event.location;
      if (!loc || loc.lat === null || loc.lat === undefined || !(loc.country || loc.iso3)) continue;
      const name = loc.country || loc.iso3;
      const sum = places.get(name) || { lat: 0, lon: 0, n: 0 };
      sum.lat += loc.lat; sum.lon += loc.lon; sum.n += 1;
      places.set(name, sum);
    }
    for (const [name, sum] of places) {
      L.marker([sum.lat / sum.n, sum.lon / sum.n], {
        icon: L.divIcon({ className: "country-label", html: el("span", { text: name }), iconSize: null }),
        interactive: false, keyboard: false,
      }).addTo(countryLabels);
    }
  }

  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(clusters);

  function clusterIcon(cluster) {
    const counts = new Map();
    for (const marker of cluster.getAllChildMarkers()) {
      const cls = marker.options.typeClass;
      counts.set(cls, (counts.get(cls) || 0) + 1);
    }
    let dominant = "t-other";
    let best = -1;
    for (const [cls, n] of counts) if (n > best) { best = n; dominant = cls; }
    const n = cluster.getChildCount();
    const size = n < 10 ? 30 : n < 100 ? 38 : 46;
    return L.divIcon({
      html: el("span", { text: String(n) }),
      className: "ev-cluster " + dominant,
      iconSize: L.point(size, size),
    });
  }

  function markerSize(fatalities) {
    return Math.round(12 + 3 * Math.sqrt(Math.min(fatalities || 0, 100)));
  }

  function popup(event) {
    const type = event.acled.sub_event_type || event.acled.event_type || event.plover.event || "Event";
    return el("div", { class: "popup" },
      el("strong", { text: type }),
      el("div", { text: [event.date || "no date", place(event.location)].filter(Boolean).join(" · ") }),
      el("div", { text: [actorName(event.actor1), actorName(event.actor2)].filter(Boolean).join(" → ") }),
      el("div", { text: `Fatalities: ${event.fatalities ? event.fatalities.best : 0}` }),
      el("a", { href: "/events/" + encodeURIComponent(event.event_id), text: "Open event and evidence →" }));
  }

  function drawMap(events) {
    clusters.clearLayers();
    const markers = [];
    for (const event of events) {
      const loc = event.location;
      if (!loc || loc.lat === null || loc.lon === null || loc.lat === undefined || loc.lon === undefined) continue;
      const cls = typeClass(event.acled.event_type);
      const size = markerSize(event.fatalities ? event.fatalities.best : 0);
      const marker = L.marker([loc.lat, loc.lon], {
        icon: L.divIcon({ className: "ev-marker " + cls, iconSize: [size, size], html: "" }),
        title: `${event.date || ""} ${typeLabel(event.acled.event_type)}: ${place(loc)}`,
        typeClass: cls,
      });
      marker.bindPopup(() => popup(event));
      markers.push(marker);
    }
    clusters.addLayers(markers);
    if (tilesFailed) labelCountries(events);
    mapNode.dataset.points = String(markers.length);
    if (markers.length) {
      // Not animated: Leaflet drops a view change asked for while a zoom animation runs.
      map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 7, animate: false });
    }
    return markers.length;
  }

  // -- timeline -----------------------------------------------------------------------------------

  function dayNumber(iso) {
    return Math.floor(Date.parse(iso + "T00:00:00Z") / 86400000);
  }

  function isoDay(n) {
    return new Date(n * 86400000).toISOString().slice(0, 10);
  }

  // Days for up to four months of events, weeks (from Monday) for up to two years, months beyond.
  function bucketing(first, last) {
    const span = last - first + 1;
    if (span <= 122) return { unit: "day", start: (d) => d, end: (d) => d };
    if (span <= 730) {
      const start = (d) => d - ((new Date(d * 86400000).getUTCDay() + 6) % 7);
      return { unit: "week", start, end: (d) => start(d) + 6 };
    }
    const start = (d) => { const t = new Date(d * 86400000); return dayNumber(`${t.toISOString().slice(0, 7)}-01`); };
    const end = (d) => { const t = new Date(d * 86400000); return dayNumber(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1)).toISOString().slice(0, 10)) - 1; };
    return { unit: "month", start, end };
  }

  function drawTimeline(stats) {
    clear(timelineNode);
    const rows = stats.by_day.filter((r) => r.date);
    const heading = timelineNode.parentNode.querySelector("h2");
    if (!rows.length) {
      heading.textContent = "Events per day";
      timelineNode.appendChild(el("p", { class: "note", text: "No dated events match the filters." }));
      timelineNode.dataset.bars = "0";
      return;
    }
    const days = rows.map((r) => dayNumber(r.date));
    const first = Math.min(...days);
    const last = Math.max(...days);
    const bucket = bucketing(first, last);
    heading.textContent = `Events per ${bucket.unit}`;
    const buckets = new Map();
    for (let d = bucket.start(first); d <= last; d = bucket.end(d) + 1) buckets.set(d, new Map());
    for (const row of rows) {
      const key = bucket.start(dayNumber(row.date));
      const counts = buckets.get(key);
      const cls = typeClass(row.event_type);
      counts.set(cls, (counts.get(cls) || 0) + row.count);
    }
    const order = TYPES.map(([, cls]) => cls).concat(["t-other"]);
    const names = new Map(TYPES.map(([name, cls]) => [cls, name]).concat([["t-other", OTHER]]));
    let max = 1;
    for (const counts of buckets.values()) {
      let total = 0;
      for (const n of counts.values()) total += n;
      max = Math.max(max, total);
    }
    const width = Math.max(timelineNode.clientWidth || 600, 300);
    const height = 170;
    const left = 30, right = 8, top = 8, bottom = 24;
    const plotW = width - left - right;
    const plotH = height - top - bottom;
    const keys = Array.from(buckets.keys());
    const step = plotW / keys.length;
    const barW = Math.max(1, step * 0.8);
    const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Events per ${bucket.unit}, by type` });
    root.appendChild(svg("line", { x1: left, x2: width - right, y1: top + plotH, y2: top + plotH, class: "axis" }));
    for (const value of [0, Math.ceil(max / 2), max]) {
      const y = top + plotH - (value / max) * plotH;
      root.appendChild(svg("line", { x1: left - 3, x2: width - right, y1: y, y2: y, class: "grid" }));
      root.appendChild(svg("text", { x: left - 5, y: y + 4, class: "tick y", text: String(value) }));
    }
    let bars = 0;
    const labelEvery = Math.max(1, Math.ceil(keys.length / Math.max(1, Math.floor(plotW / 70))));
    keys.forEach((key, i) => {
      const x = left + i * step + (step - barW) / 2;
      const counts = buckets.get(key);
      const from = isoDay(key);
      const to = isoDay(bucket.end(key));
      const label = bucket.unit === "day" ? from : bucket.unit === "week" ? `week of ${from}` : from.slice(0, 7);
      let y = top + plotH;
      for (const cls of order) {
        const n = counts.get(cls);
        if (!n) continue;
        const h = (n / max) * plotH;
        y -= h;
        const rect = svg("rect", { x, y, width: barW, height: Math.max(h, 0.5), class: "bar " + cls, "data-from": from, "data-to": to });
        rect.appendChild(svg("title", { text: `${label} — ${names.get(cls)}: ${n}` }));
        rect.addEventListener("click", () => {
          form.elements.date_from.value = from;
          form.elements.date_to.value = to;
          apply();
        });
        root.appendChild(rect);
        bars += 1;
      }
      if (i % labelEvery === 0) {
        root.appendChild(svg("text", { x: left + i * step + step / 2, y: height - 6, class: "tick x", text: bucket.unit === "month" ? from.slice(0, 7) : from.slice(5) }));
      }
    });
    timelineNode.appendChild(root);
    timelineNode.dataset.bars = String(bars);
  }

  function drawLegend(stats) {
    clear(legendNode);
    for (const row of stats.by_type) {
      const item = el("li", { class: "legend-item" },
        el("span", { class: "swatch " + typeClass(row.name) }),
        `${typeLabel(row.name)} (${row.count})`);
      if (row.name) {
        item.classList.add("clickable");
        item.title = `Show only ${row.name}`;
        item.addEventListener("click", () => { setType(row.name); apply(); });
      }
      legendNode.appendChild(item);
    }
  }

  function drawPlaces(stats) {
    clear(placesNode);
    for (const row of stats.by_admin1.filter((r) => r.admin1).slice(0, 8)) {
      placesNode.appendChild(el("li", {},
        el("span", { text: [row.admin1, row.country || row.iso3].filter(Boolean).join(", ") }),
        el("span", { class: "places-count", text: `${row.count} events · ${row.fatalities} killed` })));
    }
    if (!placesNode.children.length) placesNode.appendChild(el("li", { class: "note", text: "No placed events." }));
  }

  // -- table --------------------------------------------------------------------------------------

  function tableRow(event) {
    const href = "/events/" + encodeURIComponent(event.event_id);
    const loc = event.location;
    return el("tr", { "data-event-id": event.event_id },
      el("td", {}, el("a", { href, text: event.date || "no date" })),
      el("td", {}, el("span", { class: "swatch " + typeClass(event.acled.event_type) }), typeLabel(event.acled.event_type)),
      el("td", { text: event.acled.sub_event_type || event.plover.event || "" }),
      el("td", { text: actorName(event.actor1) }),
      el("td", { text: actorName(event.actor2) }),
      el("td", { text: place(loc) }),
      el("td", { text: loc ? loc.country || loc.iso3 || "" : "" }),
      el("td", { class: "num", text: String(event.fatalities ? event.fatalities.best : 0) }),
      el("td", { class: "num", text: String(event.source_count || 1) }));
  }

  function showRows(upto) {
    for (; tableRows < Math.min(upto, shown.length); tableRows += 1) tableBody.appendChild(tableRow(shown[tableRows]));
    moreButton.hidden = tableRows >= shown.length;
    moreButton.textContent = `Show more (${shown.length - tableRows} left)`;
  }

  moreButton.addEventListener("click", () => showRows(tableRows + TABLE_STEP));

  // -- filters ------------------------------------------------------------------------------------

  function params() {
    const out = {};
    for (const name of FIELDS) {
      const value = (form.elements[name].value || "").trim();
      if (value) out[name] = value;
    }
    return out;
  }

  function setType(value) {
    const select = form.elements.type;
    if (value && !Array.from(select.options).some((o) => o.value === value)) {
      select.appendChild(el("option", { value, text: value }));
    }
    select.value = value || "";
  }

  async function fillOptions() {
    const stats = await api("/api/stats");
    const select = form.elements.type;
    const groups = [["ACLED event type", stats.by_type], ["ACLED sub-event type", stats.by_sub_event_type], ["PLOVER event", stats.by_plover]];
    for (const [label, rows] of groups) {
      const group = el("optgroup", { label });
      for (const row of rows) if (row.name) group.appendChild(el("option", { value: row.name, text: `${row.name} (${row.count})` }));
      if (group.children.length) select.appendChild(group);
    }
    const countries = form.elements.country;
    for (const row of stats.by_country) {
      if (row.iso3) countries.appendChild(el("option", { value: row.iso3, text: `${row.country || row.iso3} (${row.count})` }));
    }
  }

  function readUrl() {
    const url = new URLSearchParams(window.location.search);
    for (const name of FIELDS) {
      const value = url.get(name) || "";
      if (name === "type") setType(value);
      else if (name === "country") {
        if (value && !Array.from(form.elements.country.options).some((o) => o.value === value)) {
          form.elements.country.appendChild(el("option", { value, text: value }));
        }
        form.elements.country.value = value;
      } else form.elements[name].value = value;
    }
  }

  function links(p) {
    document.getElementById("json-link").href = "/api/events" + query(p);
    document.getElementById("csv-link").href = "/api/export" + query(Object.assign({ format: "acled-csv" }, p));
    document.getElementById("geojson-link").href = "/api/export" + query(Object.assign({ format: "geojson" }, p));
  }

  async function loadEvents(p, mine) {
    const events = [];
    let cursor = null;
    do {
      const page = await api("/api/events", Object.assign({ limit: PAGE, cursor }, p));
      if (mine !== generation) return null;
      events.push(...page.data);
      cursor = page.next;
    } while (cursor && events.length < CAP);
    return events;
  }

  async function apply() {
    const mine = ++generation;
    const p = params();
    history.replaceState(null, "", window.location.pathname + query(p));
    links(p);
    statusLine.className = "status busy";
    statusLine.textContent = "Loading…";
    document.body.dataset.state = "loading";
    try {
      const [events, stats] = await Promise.all([loadEvents(p, mine), api("/api/stats", p)]);
      if (mine !== generation || events === null) return;
      shown = events;
      tableRows = 0;
      clear(tableBody);
      showRows(TABLE_STEP);
      const placed = drawMap(events);
      drawTimeline(stats);
      drawLegend(stats);
      drawPlaces(stats);
      const parts = [`${stats.count} events`, `${stats.fatalities} fatalities`, `${placed} on the map`];
      if (stats.count > events.length) parts.push(`map and table show the first ${events.length}: narrow the filters to see the rest`);
      statusLine.className = "status";
      statusLine.textContent = parts.join(" · ");
      document.body.dataset.state = "ready";
      document.body.dataset.count = String(stats.count);
    } catch (error) {
      if (mine !== generation) return;
      statusLine.className = "status error";
      statusLine.textContent = error.message;
      document.body.dataset.state = "error";
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
  for (const name of ["type", "country", "date_from", "date_to"]) form.elements[name].addEventListener("change", apply);
  document.getElementById("f-reset").addEventListener("click", () => { form.reset(); apply(); });

  fillOptions()
    .catch((error) => { statusLine.className = "status error"; statusLine.textContent = error.message; })
    .then(() => { readUrl(); apply(); });
})();
