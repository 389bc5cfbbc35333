// KappaAspire viewer: one EventSource, a snapshot then deltas, drawn on <canvas> without libraries.
"use strict";

(() => {
    const $ = (id) => document.getElementById(id);
    const collator = new Intl.Collator("en", { numeric: true });
    const FLAG_ANOMALY = 1, FLAG_TRUTH = 2;
    const HOT_MS = 2500;

    const view = {
        pointsPerSensor: 120,
        recentAnomalies: 50,
        sensors: new Map(),   // id -> { points: [[t, power, expected, flags]], latest, anomalies, card, hotUntil }
        anomalies: [],        // newest first
        modelVersion: null,
        catalog: null,
    };
    const dirty = new Set();

    // ---- formatting ----
    const nf0 = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
    const nf1 = new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const nf2 = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const nf3 = new Intl.NumberFormat("en", { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    const rate = (v) => (v >= 100 ? nf0 : v >= 10 ? nf1 : nf2).format(v);
    const pad = (n) => String(n).padStart(2, "0");
    const utcTime = (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    const utcDate = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const utc = (iso) => { const d = new Date(iso); return `${utcDate(d).slice(5)} ${utcTime(d)}`; };
    const score = (v) => (v >= 100 ? nf0 : nf2).format(v);
    const ago = (iso) => {
        if (!iso) return "—";
        const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
        return s < 1 ? "just now" : s < 60 ? `${nf0.format(s)} s ago` : s < 3600 ? `${nf0.format(s / 60)} min ago` : utc(iso);
    };
    const text = (el, value) => { if (el.textContent !== value) el.textContent = value; };

    // ---- status ----
    const STATUS_TEXT = {
        connecting: "connecting to Kafka…",
        live: "live",
        reconnecting: "reconnecting to Kafka…",
        offline: "viewer offline – retrying…",
    };
    function setStatus(status) {
        $("status").dataset.state = status.state;
        text($("status-text"), STATUS_TEXT[status.state] || status.state);
        $("status").title = status.detail || "";
    }

    // ---- counters ----
    let lastPredictionAt = null;
    function setCounters(c, modelVersion) {
        text($("rate-predictions"), rate(c.predictionsPerSecond));
        text($("rate-anomalies"), rate(c.anomaliesPerSecond));
        text($("total-predictions"), nf0.format(c.totalPredictions));
        text($("total-anomalies"), nf0.format(c.totalAnomalies));
        text($("sensor-count"), nf0.format(c.sensors));
        $("total-predictions").title = c.invalidPredictions ? `${c.invalidPredictions} invalid records skipped` : "";
        lastPredictionAt = c.lastPredictionAt;
        text($("last-update"), ago(lastPredictionAt));
        if (modelVersion) {
            view.modelVersion = modelVersion;
            text($("model-version"), modelVersion);
        }
    }

    // ---- sensors ----
    function cardFor(id) {
        let sensor = view.sensors.get(id);
        if (sensor) return sensor;
        const card = $("sensor-card").content.firstElementChild.cloneNode(true);
        card.dataset.sensor = id;
        card.querySelector(".sensor-id").textContent = id;
        sensor = { points: [], latest: null, anomalies: 0, card, hotUntil: 0 };
        view.sensors.set(id, sensor);

        // Keep cards in natural order (sensor-2 before sensor-10).
        const grid = $("sensor-grid");
        const next = [...grid.querySelectorAll(".sensor-card")].find((c) => collator.compare(c.dataset.sensor, id) > 0);
        grid.insertBefore(card, next || null);
        $("sensor-empty").hidden = true;
        return sensor;
    }

    function applySensor(s) {
        const sensor = cardFor(s.sensorId);
        sensor.points = s.reset ? s.points.slice() : sensor.points.concat(s.points);
        if (sensor.points.length > view.pointsPerSensor) sensor.points.splice(0, sensor.points.length - view.pointsPerSensor);
        sensor.latest = s.latest;
        sensor.anomalies = s.anomalies;
        if (!s.reset && s.points.some((p) => p[3] & FLAG_ANOMALY)) sensor.hotUntil = performance.now() + HOT_MS;

        const card = sensor.card;
        text(card.querySelector(".sensor-power"), nf1.format(s.latest.power));
        text(card.querySelector(".sensor-expected"), nf1.format(s.latest.expectedPower));
        text(card.querySelector(".sensor-score"), score(s.latest.score));
        const badge = card.querySelector(".sensor-badge");
        text(badge, nf0.format(s.anomalies));
        badge.classList.toggle("has", s.anomalies > 0);
        dirty.add(s.sensorId);
    }

    function draw(sensor) {
        const canvas = sensor.card.querySelector("canvas");
        const dpr = window.devicePixelRatio || 1;
        const w = canvas.clientWidth, h = canvas.clientHeight;
        if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
            canvas.width = Math.round(w * dpr);
            canvas.height = Math.round(h * dpr);
        }
        const ctx = canvas.getContext("2d");
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.clearRect(0, 0, w, h);
        const pts = sensor.points;
        if (pts.length < 2) return;

        let lo = Infinity, hi = -Infinity;
        for (const p of pts) { lo = Math.min(lo, p[1], p[2]); hi = Math.max(hi, p[1], p[2]); }
        const span = Math.max(hi - lo, Math.abs(hi) * 0.02, 1);
        lo -= span * 0.1; hi += span * 0.1;
        const m = 4, cap = Math.max(view.pointsPerSensor, pts.length);
        // Right-aligned: the newest point is always at the right edge, a young sensor's line grows from there.
        const x = (i) => m + ((cap - pts.length + i) / (cap - 1)) * (w - 2 * m);
        const y = (v) => h - m - ((v - lo) / (hi - lo)) * (h - 2 * m);

        ctx.lineWidth = 1;
        ctx.strokeStyle = "#1e293b";
        ctx.beginPath(); ctx.moveTo(0, h - 0.5); ctx.lineTo(w, h - 0.5); ctx.stroke();

        const line = (index, color, dash) => {
            ctx.setLineDash(dash);
            ctx.strokeStyle = color;
            ctx.lineWidth = 1.5;
            ctx.beginPath();
            pts.forEach((p, i) => (i ? ctx.lineTo(x(i), y(p[index])) : ctx.moveTo(x(i), y(p[index]))));
            ctx.stroke();
        };
        line(2, "#60a5fa", [4, 3]);
        line(1, "#2dd4bf", []);
        ctx.setLineDash([]);

        pts.forEach((p, i) => {
            if (p[3] & FLAG_ANOMALY) {
                ctx.fillStyle = "#f43f5e";
                ctx.beginPath(); ctx.arc(x(i), y(p[1]), 3.2, 0, 2 * Math.PI); ctx.fill();
            } else if (p[3] & FLAG_TRUTH) {
                ctx.strokeStyle = "#f59e0b"; ctx.lineWidth = 1.5;
                ctx.beginPath(); ctx.arc(x(i), y(p[1]), 3.2, 0, 2 * Math.PI); ctx.stroke();
            }
        });
    }

    // ---- anomalies ----
    const KIND_LABEL = { normal: "false alarm" };
    function anomalyRow(a, fresh) {
        const tr = document.createElement("tr");
        tr.dataset.sensor = a.sensorId;
        tr.dataset.sequence = a.sequence;
        if (fresh) tr.className = "new";
        tr.title = `model ${a.modelVersion} · partition ${a.sourcePartition} offset ${a.sourceOffset}`;
        const cell = (value, cls) => {
            const td = document.createElement("td");
            if (cls) td.className = cls;
            td.textContent = value;
            tr.appendChild(td);
            return td;
        };
        const at = new Date(a.timestamp);
        cell(utcTime(at), "mono").title = `${utcDate(at)} ${utcTime(at)} UTC`;
        cell(a.sensorId, "mono");
        cell(nf1.format(a.power), "num actual");
        cell(nf1.format(a.expectedPower), "num");
        cell(score(a.score), "num");
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.dataset.kind = a.kind || "unknown";
        kind.textContent = a.kind ? (KIND_LABEL[a.kind] || a.kind) : "—";
        cell("").appendChild(kind);
        return tr;
    }

    function applyAnomalies(rows, replace) {
        const body = $("anomalies");
        if (replace) { view.anomalies = []; body.textContent = ""; }
        // rows are newest first: insert oldest first so the newest ends on top
        for (let i = rows.length - 1; i >= 0; i--) {
            view.anomalies.unshift(rows[i]);
            body.insertBefore(anomalyRow(rows[i], !replace), body.firstChild);
        }
        while (view.anomalies.length > view.recentAnomalies) { view.anomalies.pop(); body.lastChild.remove(); }
        text($("anomaly-count"), nf0.format(view.anomalies.length));
        $("anomalies-empty").hidden = view.anomalies.length > 0;
    }

    $("anomalies").addEventListener("click", (e) => {
        const row = e.target.closest("tr");
        const sensor = row && view.sensors.get(row.dataset.sensor);
        if (!sensor) return;
        document.querySelectorAll(".sensor-card.selected").forEach((c) => c.classList.remove("selected"));
        sensor.card.classList.add("selected");
        sensor.card.scrollIntoView({ behavior: "smooth", block: "nearest" });
    });

    // ---- model catalog ----
    const pct = (v) => (v == null ? "—" : nf3.format(v));
    function trainingWindow(ranges) {
        if (!ranges || !ranges.length) return "—";
        const readings = ranges.reduce((n, r) => n + (r.lastOffset - r.firstOffset + 1), 0);
        const spans = ranges
            .slice().sort((a, b) => a.partition - b.partition)
            .map((r) => `p${r.partition} ${nf0.format(r.firstOffset)}–${nf0.format(r.lastOffset)}`);
        return `${nf0.format(readings)} readings · ${spans.join(", ")}`;
    }

    // "0.970 [0.931, 0.987] (64/66)": a rate, its 95 % Wilson interval and its counts.
    function proportion(p) {
        return p ? `${pct(p.value)} [${pct(p.low)}, ${pct(p.high)}] (${p.count}/${p.trials})` : "—";
    }

    function setModel(catalog) {
        view.catalog = catalog;
        const state = $("model-catalog-state");
        state.dataset.state = catalog.state;
        text(state, catalog.state === "available" ? "trainer" : "unknown");

        const models = catalog.models || [];
        const promoted = models.find((m) => m.version === catalog.promoted) || models.find((m) => m.isPromoted) || null;
        text($("model-promoted"), catalog.promoted || (catalog.state === "available" ? "none yet" : "unknown"));
        text($("model-trained"), promoted && promoted.createdAt ? `${utc(promoted.createdAt)} UTC` : "—");
        text($("model-window"), promoted ? trainingWindow(promoted.trainingRanges) : "—");

        const metrics = promoted && promoted.metrics;
        const show = (name, value) => text(document.querySelector(`#model-metrics [data-metric="${name}"]`), value);
        const truth = metrics && metrics.labeledExamples > 0;
        // Every figure with the counts it rests on; absent figures stay absent (the trainer sends null, never a default).
        show("alarms", metrics ? `${nf1.format(100 * metrics.alarmRate)} % (${metrics.alarms} of ${metrics.examples})` : "—");
        show("precision", proportion(metrics && metrics.precision));
        show("recall", proportion(metrics && metrics.recall));
        show("f1", metrics && metrics.f1 != null ? `${pct(metrics.f1)} (${metrics.labeledAnomalies} anomalies)` : "—");
        show("mae", metrics ? `${nf1.format(metrics.meanAbsoluteError)} W` : "—");

        const note = $("model-note");
        note.classList.toggle("warn", catalog.state !== "available");
        note.textContent = catalog.state === "available"
            ? (metrics && !truth ? "Holdout had no ground truth: precision, recall and F1 unknown; the alarm rate is what the model flags."
                : metrics && metrics.labeledAnomalies < 30 ? `Only ${metrics.labeledAnomalies} labelled anomalies in the holdout: figures are shown with their 95 % interval and are not used to rank models.` : "")
            : `Model catalog unknown: ${catalog.error || "trainer unavailable"}.`;

        const body = $("model-history");
        body.textContent = "";
        for (const m of models) {
            const tr = document.createElement("tr");
            tr.dataset.version = m.version;
            if (m.version === catalog.promoted || m.isPromoted) tr.className = "promoted";
            const t = m.metrics;
            [m.version, m.createdAt ? utc(m.createdAt) : "—", t && t.f1 != null ? `${pct(t.f1)} (${t.labeledAnomalies})` : "—", t ? nf1.format(t.meanAbsoluteError) : "—"]
                .forEach((v, i) => { const td = document.createElement("td"); td.textContent = v; if (i === 0) td.className = "mono"; tr.appendChild(td); });
            body.appendChild(tr);
        }
        checkServing();
    }

    // The serving model on live traffic, from the predictions this viewer read: figures with their counts, or why absent.
    function setQuality(q) {
        const show = (name, value) => text(document.querySelector(`#live-quality [data-live="${name}"]`), value);
        text($("live-version"), q ? q.modelVersion : "—");
        show("alarms", q && q.alarmRate ? proportion(q.alarmRate) : "—");
        const truth = q && q.labeled > 0;
        show("precision", truth ? proportion(q.precision) : "no ground truth");
        show("recall", truth ? proportion(q.recall) : "no ground truth");
        show("psi", !q ? "—"
            : q.psi != null ? `${q.psi.toFixed(3)} (${q.driftReadings} readings)`
            : !q.hasReference ? "no reference"
            : `— (${q.driftReadings} of ${q.driftMinimumReadings} readings)`);
        const noisiest = q && q.noisiestSensors && q.noisiestSensors.length
            ? "Highest alarm rates: " + q.noisiestSensors.map((s) => `${s.sensorId} ${pct(s.alarmRate.value)} (${s.alarmRate.count}/${s.alarmRate.trials})`).join(", ") + "."
            : "";
        const counts = truth ? `TP ${q.truePositives}, FP ${q.falsePositives}, FN ${q.falseNegatives}, TN ${q.trueNegatives} of ${q.labeled} labelled readings. ` : "";
        $("live-note").textContent = counts + noisiest;
    }

    // The version in predictions is what inference really serves; say so when it is not the promoted one (yet).
    function checkServing() {
        const c = view.catalog;
        const el = $("model-version");
        const differs = c && c.promoted && view.modelVersion && c.promoted !== view.modelVersion;
        el.title = differs ? `trainer promoted ${c.promoted}; predictions still come from ${view.modelVersion}` : "model version in the latest prediction";
        el.style.color = differs ? "var(--missed)" : "";
    }

    // ---- events ----
    function applySnapshot(s) {
        view.pointsPerSensor = s.pointsPerSensor;
        view.recentAnomalies = s.recentAnomalies;
        setStatus(s.status);
        setCounters(s.counters, s.modelVersion);
        // After a reconnect the viewer may have restarted: drop sensors it no longer knows.
        const known = new Set(s.sensors.map((x) => x.sensorId));
        for (const [id, sensor] of view.sensors) {
            if (!known.has(id)) { sensor.card.remove(); view.sensors.delete(id); }
        }
        $("sensor-empty").hidden = known.size > 0;
        s.sensors.forEach(applySensor);
        applyAnomalies(s.anomalies, true);
        setModel(s.model);
        setQuality(s.quality);
    }

    function applyDelta(d) {
        setCounters(d.counters, d.modelVersion);
        d.sensors.forEach(applySensor);
        if (d.anomalies.length) applyAnomalies(d.anomalies, false);
        setQuality(d.quality);
        checkServing();
    }

    const events = new EventSource("events");
    events.addEventListener("snapshot", (e) => applySnapshot(JSON.parse(e.data)));
    events.addEventListener("delta", (e) => applyDelta(JSON.parse(e.data)));
    events.addEventListener("status", (e) => setStatus(JSON.parse(e.data)));
    events.addEventListener("model", (e) => setModel(JSON.parse(e.data)));
    events.addEventListener("error", () => {
        if (events.readyState !== EventSource.OPEN) setStatus({ state: "offline", detail: "lost the connection to the viewer" });
    });

    // ---- drawing: only what changed, once per frame ----
    function frame(now) {
        for (const id of dirty) {
            const sensor = view.sensors.get(id);
            if (sensor) draw(sensor);
        }
        dirty.clear();
        for (const sensor of view.sensors.values()) sensor.card.classList.toggle("hot", sensor.hotUntil > now);
        requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
    new ResizeObserver(() => view.sensors.forEach((_, id) => dirty.add(id))).observe($("sensor-grid"));
    setInterval(() => text($("last-update"), ago(lastPredictionAt)), 1000);
})();
