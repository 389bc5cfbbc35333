// The view of the log: topics and consumer groups from /api/log/*, refreshed every few seconds. Text only (textContent),
// never HTML from the cluster.
"use strict";

const refreshMs = 5000;

function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
}

function fill(tableId, rows, render) {
    const body = document.querySelector(`#${tableId} tbody`);
    body.replaceChildren();
    for (const item of rows) render(body.insertRow(), item);
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
            cell(row, t.error ?? t.partitions.map(p => `${p.partition}: ${p.low} → ${p.high}`).join(" · "), "mono small");
        });
        document.getElementById("checked").textContent = `read ${new Date(topics.checkedAt).toLocaleTimeString()}`;
    }
    const groups = await load("api/log/groups", "groups-error");
    if (groups) {
        fill("groups", groups.groups, (row, g) => {
            cell(row, g.group, "mono");
            cell(row, g.state);
            cell(row, g.members.length === 0 ? "none" : g.members.map(m => `${m.clientId} (${m.assignment.join(", ") || "nothing"})`).join("; "), "small");
            cell(row, g.lag.toLocaleString(), g.lag > 0 ? "lagging" : "");
            cell(row, g.partitions.map(p => `${p.topic}-${p.partition}: ${p.lag} (${p.committed ?? "—"} / ${p.high})`).join(" · "), "mono small");
        });
    }
}

refresh();
setInterval(refresh, refreshMs);
