// The view of the log: topics and consumer groups from /api/log/*, refreshed every few seconds, and records of a
// partition on request. Text only (textContent), never HTML from the cluster.
"use strict";

const refreshMs = 5000;

function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
}

function fill(tableId, rows, render, empty) {
    const body = document.querySelector(`#${tableId} tbody`);
    body.replaceChildren();
    for (const item of rows) render(body.insertRow(), item);
    if (rows.length === 0) {
        const td = cell(body.insertRow(), empty, "small");
        td.colSpan = document.querySelectorAll(`#${tableId} thead th`).length;
    }
}

// Kafka's retention settings in words: -1 means no limit.
function retention(topic) {
    if (topic.retentionMs === null && topic.retentionBytes === null) return "unknown";
    const time = topic.retentionMs < 0 ? "forever" : `${(topic.retentionMs / 3600000).toLocaleString()} h`;
    const size = topic.retentionBytes < 0 ? "" : `, at most ${topic.retentionBytes.toLocaleString()} B per partition`;
    return time + size;
}

async function load(path, errorId) {
    const error = document.getElementById(errorId);
    try {
        const response = await fetch(path, { cache: "no-store" });
        const body = await response.json();
        if (!response.ok) throw new Error(body.detail ?? `${response.status}`);
        error.hidden = true;
        return body;
    } catch (e) {
        error.textContent = `Could not read the log: ${e.message}`;
        error.hidden = false;
        return null;
    }
}

async function refresh() {
    const topics = await load("api/log/topics", "topics-error");
    if (topics) {
        fill("topics", topics.topics, (row, t) => {
            cell(row, t.name, "mono");
            cell(row, String(t.partitions.length));
            cell(row, t.records.toLocaleString());
            cell(row, retention(t), "small");
            cell(row, t.error ?? t.partitions.map(p => `${p.partition}: ${p.low} → ${p.high}`).join(" · "), "mono small");
        }, "no topics");
        document.getElementById("checked").textContent = `read ${new Date(topics.checkedAt).toLocaleTimeString()}`;
        offerTopics(topics.topics);
    }
    const groups = await load("api/log/groups", "groups-error");
    if (groups) {
        fill("groups", groups.groups, (row, g) => {
            cell(row, g.group, "mono");
            cell(row, g.state);
            cell(row, g.members.length === 0 ? "none" : g.members.map(m => `${m.clientId} (${m.assignment.join(", ") || "nothing"})`).join("; "), "small");
            cell(row, g.lag.toLocaleString(), g.lag > 0 ? "lagging" : "");
            cell(row, g.partitions.map(p => `${p.topic}-${p.partition}: ${p.lag} (${p.committed ?? "—"} / ${p.high})`).join(" · "), "mono small");
        }, "no consumer groups");
    }
}

// Topics for the browse form, kept as they were chosen across refreshes.
function offerTopics(topics) {
    const select = document.getElementById("browse-topic");
    const chosen = select.value;
    select.replaceChildren(...topics.map(t => new Option(t.name, t.name)));
    if (topics.some(t => t.name === chosen)) select.value = chosen;
}

async function browse(event) {
    event.preventDefault();
    const query = new URLSearchParams({
        topic: document.getElementById("browse-topic").value,
        partition: document.getElementById("browse-partition").value,
        limit: document.getElementById("browse-limit").value || "50",
    });
    const offset = document.getElementById("browse-offset").value;
    const time = document.getElementById("browse-time").value;
    if (time) query.set("time", new Date(time).toISOString());
    else if (offset) query.set("offset", offset);
    const page = await load(`api/log/records?${query}`, "records-error");
    if (!page) return;
    document.getElementById("records-range").textContent =
        `${page.topic}-${page.partition}: from offset ${page.from}, ${page.records.length} records (retained ${page.low} → ${page.high})`;
    shownPage = page;
    const deadLetters = redrive.enabled && page.topic === redrive.deadLetterTopic;
    document.getElementById("redrive").hidden = !deadLetters;
    fill("records", page.records, (row, r) => {
        const pick = row.insertCell();
        if (deadLetters) {
            const box = Object.assign(document.createElement("input"), { type: "checkbox", value: String(r.offset) });
            box.className = "redrive-pick";
            pick.append(box);
        }
        cell(row, String(r.offset), "mono");
        cell(row, r.timestamp ? new Date(r.timestamp).toISOString() : "—", "mono small");
        cell(row, r.key === null ? "—" : r.keyEncoding === "base64" ? `base64: ${r.key}` : r.key, "mono");
        cell(row, r.headers.map(h => `${h.name}: ${h.value ?? "—"}`).join("\n"), "mono small pre");
        cell(row, r.value === null ? "(tombstone)" : r.valueEncoding === "base64" ? `base64: ${r.value}` : r.value, "mono pre");
    }, "no records from there");
}

// Re-drive (only shown for the dead-letter topic, and only when the viewer holds the operator token): the token is
// typed by the operator and sent with the request, never stored.
let redrive = { deadLetterTopic: null, enabled: false };
let shownPage = null;

async function redriveSelected(event) {
    event.preventDefault();
    const offsets = [...document.querySelectorAll(".redrive-pick:checked")].map(b => Number(b.value));
    const status = document.getElementById("redrive-result");
    if (offsets.length === 0 || !shownPage) { status.textContent = "select at least one record"; return; }
    const response = await fetch("api/log/redrive", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Authorization": `Bearer ${document.getElementById("redrive-token").value}` },
        body: JSON.stringify({ partition: shownPage.partition, offsets }),
    });
    if (!response.ok) {
        status.textContent = response.status === 401 ? "refused: wrong or missing operator token" : `refused (${response.status})`;
        return;
    }
    const result = await response.json();
    status.textContent = result.records
        .map(r => r.outcome === "redriven" ? `${r.deadLetterOffset} → ${r.topic}-${r.partition}@${r.offset}` : `${r.deadLetterOffset}: ${r.outcome}`)
        .join(" · ");
}

fetch("api/log/redrive").then(r => r.json()).then(r => { redrive = r; }).catch(() => { });
document.getElementById("redrive").addEventListener("submit", redriveSelected);
document.getElementById("browse").addEventListener("submit", browse);
refresh();
setInterval(refresh, refreshMs);
