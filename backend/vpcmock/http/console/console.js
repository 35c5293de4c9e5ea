// The vpcmock console: backups over time, read through the same API clients use (an IAM token,
// then /<region>/v1/...), plus the admin API (/mock) for what the API does not show: the clock,
// a plan's next fire, how much a backup transferred, a restore's hydration.
// No build step and no network beyond this mock: plain ES module, served from the package.

const API_VERSION = "2026-10-06";
const POLL_MS = 2000;
const DEFAULT_KEY = "vpcmock-api-key";
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 86400000;
const EVENTS_SHOWN = 50;

const state = { key: DEFAULT_KEY, account: null, region: null, token: null, tokenKey: null, frozen: false, busy: false };

const transfers = new Map();

const $ = (id) => document.getElementById(id);

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// A name in one line: cut with an ellipsis when long, whole in its title (CSS: .name).
function nm(value) {
  return `<span class="name" title="${esc(value)}">${esc(value)}</span>`;
}

async function fail(response) {
  let detail = response.statusText;
  try {
    const body = await response.json();
    detail = body.errors ? body.errors.map((e) => `${e.code}: ${e.message}`).join("; ") : JSON.stringify(body);
  } catch (_) { /* not JSON */ }
  throw new Error(`${response.status} ${detail}`);
}

async function admin(path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(`/mock${path}`, init);
  if (!response.ok) await fail(response);
  return response.json();
}

async function token() {
  if (state.token && state.tokenKey === state.key) return state.token;
  const response = await fetch("/identity/token", {
    method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: state.key }),
  });
  if (!response.ok) await fail(response);
  state.token = (await response.json()).access_token;
  state.tokenKey = state.key;
  return state.token;
}

// Every page of a VPC listing (following `next`), as a client would.
async function vpc(path, key, params = {}, region = state.region) {
  const query = new URLSearchParams({ version: API_VERSION, generation: "2", limit: "100", ...params });
  let url = `/${region}/v1${path}?${query}`;
  const items = [];
  for (let page = 0; url && page < 20; page++) {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${await token()}` } });
    if (!response.ok) await fail(response);
    const body = await response.json();
    items.push(...(body[key] || []));
    url = body.next ? body.next.href : null;
  }
  return items;
}

// -- words for a plan -----------------------------------------------------------------------

function pad(n) { return String(n).padStart(2, "0"); }

export function cronInWords(spec) {
  const [minute, hour, day, month, weekday] = spec.trim().split(/\s+/);
  const simple = (v) => /^\d+$/.test(v);
  if (simple(minute) && hour === "*" && day === "*" && month === "*" && weekday === "*") return `hourly at minute ${minute}`;
  if (!simple(minute) || !simple(hour) || month !== "*") return `on cron "${spec}"`;
  const at = `at ${pad(hour)}:${pad(minute)} UTC`;
  if (day === "*" && weekday === "*") return `daily ${at}`;
  if (day === "*" && simple(weekday)) return `weekly on ${DAYS[Number(weekday) % 7]} ${at}`;
  if (simple(day) && weekday === "*") return `monthly on day ${day} ${at}`;
  return `on cron "${spec}"`;
}

export function planInWords(plan) {
  const words = [cronInWords(plan.cron_spec)];
  const trigger = plan.deletion_trigger || {};
  const keep = [];
  if (trigger.delete_after) keep.push(`${trigger.delete_after} days`);
  if (trigger.delete_over_count) keep.push(`${trigger.delete_over_count} backups`);
  if (keep.length) words.push(`keep ${keep.join(" or ")}`);
  const copies = (plan.remote_region_policies || []).map((r) => r.region.name);
  if (copies.length) words.push(`copy to ${copies.join(" and ")}`);
  const zones = ((plan.clone_policy || {}).zones || []).length;
  if (zones) words.push(`fast restore in ${zones} zone${zones === 1 ? "" : "s"}`);
  if (!plan.active) words.push("inactive");
  return words.join(", ");
}

// -- reading ------------------------------------------------------------------------------------

async function load() {
  const clock = await admin("/clock");
  const policies = await vpc("/backup_policies", "backup_policies");
  const plans = {};
  const jobs = [];
  for (const policy of policies) {
    policy.plan_list = await vpc(`/backup_policies/${policy.id}/plans`, "plans");
    for (const plan of policy.plan_list) {
      plans[plan.id] = plan;
      plan.next_fire_at = (await admin(`/plans/${plan.id}`)).next_fire_at;
    }
    for (const job of await vpc(`/backup_policies/${policy.id}/jobs`, "jobs", { sort: "-created_at" })) {
      job.policy = policy;
      jobs.push(job);
    }
  }
  const volumes = await vpc("/volumes", "volumes");
  const snapshots = await vpc("/snapshots", "snapshots");
  const instances = await vpc("/instances", "instances");
  const groups = await vpc("/snapshot_consistency_groups", "snapshot_consistency_groups");
  const shares = await vpc("/shares", "shares");
  for (const share of shares) share.backups = await vpc(`/shares/${share.id}/snapshots`, "snapshots");
  // A stable backup's transfer never changes: each is asked for once.
  const simulations = {};
  for (const snapshot of snapshots) {
    if (snapshot.lifecycle_state !== "stable") continue;
    if (!transfers.has(snapshot.id)) transfers.set(snapshot.id, await admin(`/snapshots/${snapshot.id}`));
    simulations[snapshot.id] = transfers.get(snapshot.id);
  }
  const hydrating = [];
  for (const volume of volumes) {
    if ((volume.health_reasons || []).some((r) => r.code === "initializing_from_snapshot")) {
      hydrating.push({ volume, simulation: await admin(`/volumes/${volume.id}`) });
    }
  }
  // The account's newest activity events in this region (the admin API: the mock's own view of
  // what Activity Tracker receives), each with where it was delivered, if anywhere.
  const query = new URLSearchParams({ region: state.region, limit: String(EVENTS_SHOWN) });
  if (state.account) query.set("account", state.account);
  const events = (await admin(`/events?${query}`)).events.reverse();
  return { clock, policies, plans, jobs, volumes, snapshots, shares, simulations, hydrating, instances, groups, events };
}

// -- drawing ------------------------------------------------------------------------------------

function drawClock(clock) {
  $("now").textContent = clock.now;
  $("frozen").textContent = clock.frozen ? "frozen" : "";
  $("freeze").textContent = clock.frozen ? "Unfreeze" : "Freeze";
  state.frozen = clock.frozen;
}

function drawPolicies({ policies }) {
  if (!policies.length) { $("policies").innerHTML = '<p class="empty">No backup policy in this account and region.</p>'; return; }
  $("policies").innerHTML = policies.map((policy) => `
    <div class="policy" data-policy="${esc(policy.id)}">
      <h3>${nm(policy.name)} <span class="health-${esc(policy.health_state)}">${esc(policy.health_state)}</span></h3>
      <div>Backs up ${esc(policy.match_resource_type)}s tagged ${esc((policy.match_user_tags || []).join(", "))}</div>
      ${(policy.health_reasons || []).map((r) => `<div class="health-degraded">${esc(r.code)}: ${esc(r.message)}</div>`).join("")}
      <table><tr><th>Plan</th><th>Rules</th><th>Next fire</th></tr>
      ${policy.plan_list.map((plan) => `<tr><td>${nm(plan.name)}</td><td class="rule">${esc(planInWords(plan))}</td>
        <td>${esc(plan.next_fire_at || "none")}</td></tr>`).join("")}
      </table>
    </div>`).join("");
}

// -- the time axis ------------------------------------------------------------------------------

// Whole UTC days from the earliest to the latest instant shown, ticked every day (or every few
// days, so that at most 8 ticks show); the year is written under the first tick and wherever it
// changes.
export function axisOf(instants) {
  const start = Math.floor(Math.min(...instants) / DAY_MS) * DAY_MS;
  const days = Math.max(1, Math.ceil((Math.max(...instants) + 1 - start) / DAY_MS));
  const step = [1, 2, 7, 14, 28, 56, 91, 182, 364].find((d) => Math.ceil(days / d) <= 7) || Math.ceil(days / 7);
  const end = start + Math.ceil(days / step) * step * DAY_MS;
  const ticks = [];
  let year = null;
  for (let t = start; t <= end; t += step * DAY_MS) {
    const date = new Date(t);
    const label = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
    ticks.push({ at: t, label, year: date.getUTCFullYear() === year ? null : date.getUTCFullYear() });
    year = date.getUTCFullYear();
  }
  return { start, end, ticks, at: (t) => `${((100 * (t - start)) / (end - start)).toFixed(3)}%` };
}

function drawAxis(axis) {
  return `<div class="axis">${axis.ticks.map((tick, i) => `<span class="tick${i === 0 ? " first" : i === axis.ticks.length - 1 ? " last" : ""}"
    style="left:${axis.at(tick.at)}">${esc(tick.label)}${tick.year ? `<br><span class="year">${tick.year}</span>` : ""}</span>`).join("")}</div>`;
}

function gridOf(axis, now) {
  return axis.ticks.map((tick) => `<div class="grid" style="left:${axis.at(tick.at)}"></div>`).join("")
    + `<div class="now" style="left:${axis.at(now)}" title="now"></div>`;
}

// -- backups by source --------------------------------------------------------------------------

function horizonOf(backup, plans) {
  const plan = backup.backup_policy_plan && plans[backup.backup_policy_plan.id];
  const days = plan && plan.deletion_trigger && plan.deletion_trigger.delete_after;
  return days ? new Date(Date.parse(backup.created_at) + days * DAY_MS).toISOString().replace(".000Z", "Z") : null;
}

// Each source with its backups: the instances (their consistency groups), volumes and shares of
// the region, then the volumes the region no longer holds (deleted, or in another region for
// copies) named from their backups' `source_volume`: their backups are what a restore starts from.
function sourcesOf({ volumes, snapshots, shares, jobs, instances, groups }) {
  const groupOf = (instance) => {
    const attached = new Set((instance.volume_attachments || []).map((a) => a.volume.id));
    const held = new Set(snapshots.filter((s) => s.snapshot_consistency_group && s.source_volume && attached.has(s.source_volume.id))
      .map((s) => s.snapshot_consistency_group.id));
    return groups.filter((g) => held.has(g.id));
  };
  const live = new Set(volumes.map((v) => v.id));
  const former = new Map();
  for (const snapshot of snapshots) {
    const source = snapshot.source_volume;
    if (!source || live.has(source.id)) continue;
    if (!former.has(source.id)) {
      const where = source.deleted ? "deleted" : source.remote && source.remote.region ? `in ${source.remote.region.name}` : "gone";
      former.set(source.id, { kind: "volume", source, former: where, backups: [] });
    }
    former.get(source.id).backups.push(snapshot);
  }
  return [
    ...instances.map((i) => ({ kind: "instance", source: i, backups: groupOf(i) })),
    ...volumes.map((v) => ({ kind: "volume", source: v, backups: snapshots.filter((s) => s.source_volume && s.source_volume.id === v.id) })),
    ...shares.map((s) => ({ kind: "share", source: s, backups: s.backups })),
  ].filter((entry) => entry.backups.length || jobs.some((j) => j.source.id === entry.source.id)).concat([...former.values()]);
}

function deletedAt(job) { return job.completed_at || job.created_at; }

function drawSources(data) {
  const { plans, jobs, simulations, clock } = data;
  const now = Date.parse(clock.now);
  const sources = sourcesOf(data);
  if (!sources.length) { $("sources").innerHTML = '<p class="empty">No backups yet.</p>'; return; }
  const deletionsOf = (source) => jobs.filter((j) => j.job_type === "deletion" && j.source.id === source.id);
  // One axis for every source, so that their timelines line up.
  const instants = [now];
  for (const { source, backups } of sources) {
    for (const b of backups) instants.push(Date.parse(b.created_at), Date.parse(horizonOf(b, plans) || clock.now));
    for (const j of deletionsOf(source)) instants.push(Date.parse(deletedAt(j)));
  }
  const axis = axisOf(instants);
  $("sources").innerHTML = sources.map(({ kind, source, backups, former }) => {
    const rows = backups.slice().sort((a, b) => a.created_at.localeCompare(b.created_at));
    const deletions = deletionsOf(source);
    const link = former || kind === "instance" ? ""
      : ` <a href="/mock/${kind === "volume" ? `volumes/${esc(source.id)}/blocks` : `shares/${esc(source.id)}/files`}">data</a>`;
    const formerly = former ? ` <span class="former" title="the backups below still restore (POST /volumes with source_snapshot)">${esc(former)}</span> <span class="id">${esc(source.id)}</span>` : "";
    return `<div class="source${former ? " former-source" : ""}" data-source="${esc(source.id)}">
      <h3>${esc(kind)} ${nm(source.name)}${formerly}${link}</h3>
      <table><tr><th>Backup</th><th>State</th><th>Created</th><th>Expires</th><th>Transfer</th><th>${kind === "instance" ? "Members" : "Copies"}</th><th>Clones</th><th class="timeline-col">${drawAxis(axis)}</th></tr>
      ${rows.map((b) => {
        const horizon = horizonOf(b, plans);
        const simulation = simulations[b.id];
        const transfer = simulation ? `${simulation.transfer} (${simulation.size_transferred_gb} GB)` : "";
        const members = (b.snapshots || []).length;
        const copies = kind === "instance" ? `${members} volume backup${members === 1 ? "" : "s"}`
          : (b.copies || []).map((c) => c.remote && c.remote.region ? c.remote.region.name : c.name).join(", ");
        const clones = (b.clones || []).map((c) => c.zone.name).join(", ");
        const marks = [b.lifecycle_state !== "stable" ? "pending" : simulation ? simulation.transfer : "other"];
        if ((b.copies || []).length) marks.push("copied");
        if ((b.clones || []).length) marks.push("cloned");
        if (!horizon) marks.push("open");
        const from = Date.parse(b.created_at);
        const to = horizon ? Date.parse(horizon) : axis.end;
        const blocks = kind === "volume" ? ` <a href="/mock/snapshots/${esc(b.id)}/blocks">blocks</a>` : "";
        return `<tr class="backup" data-backup="${esc(b.id)}"><td>${nm(b.name)}${blocks}</td>
          <td>${esc(b.lifecycle_state)}</td><td>${esc(b.created_at)}</td><td>${esc(horizon || "kept by count")}</td>
          <td>${esc(transfer)}</td><td>${esc(copies)}</td><td>${esc(clones)}</td>
          <td><div class="timeline">${gridOf(axis, now)}<div class="span ${marks.join(" ")}" title="${esc(`${b.created_at} to ${horizon || "kept by count"}`)}"
            style="left:${axis.at(from)};width:calc(${axis.at(to)} - ${axis.at(from)})"></div></div></td></tr>`;
      }).join("")}
      ${deletions.map((j) => j.target_snapshots.map((t) => `<tr class="deleted-backup"><td class="deleted">${nm(t.name)}</td>
          <td>deleted</td><td></td><td>${esc(deletedAt(j))}</td><td colspan="3">by retention of plan ${esc(j.backup_policy_plan.name)}</td>
          <td><div class="timeline">${gridOf(axis, now)}<span class="gone" title="deleted by retention at ${esc(deletedAt(j))}"
            style="left:${axis.at(Date.parse(deletedAt(j)))}"></span></div></td></tr>`).join("")).join("")}
      </table></div>`;
  }).join("");
}

function drawRestores({ hydrating }) {
  $("restores-section").classList.toggle("none", !hydrating.length);
  if (!hydrating.length) { $("restores").innerHTML = ""; return; }
  $("restores").innerHTML = `<table><tr><th>Volume</th><th>From</th><th>Progress</th><th>Done at</th></tr>
    ${hydrating.map(({ volume, simulation }) => {
      const h = simulation.hydration || { progress: 1 };
      return `<tr class="restore"><td>${nm(volume.name)}</td><td>${volume.source_snapshot ? nm(volume.source_snapshot.name) : ""}</td>
        <td><div class="progress"><div style="width:${Math.round(100 * h.progress)}%"></div></div> ${Math.round(100 * h.progress)}%</td>
        <td>${esc(h.completes_at || "")}</td></tr>`;
    }).join("")}</table>`;
}

function drawJobs({ jobs, policies }) {
  const choice = $("job-policy");
  const chosen = choice.value;
  choice.innerHTML = '<option value="">all</option>' + policies.map((p) => `<option value="${esc(p.id)}">${esc(p.name)}</option>`).join("");
  choice.value = policies.some((p) => p.id === chosen) ? chosen : "";
  const status = $("job-status").value;
  const shown = jobs.filter((j) => (!choice.value || j.policy.id === choice.value) && (!status || j.status === status));
  if (!shown.length) { $("jobs").innerHTML = '<p class="empty">No jobs.</p>'; return; }
  $("jobs").innerHTML = `<table><tr><th>Created</th><th>Policy</th><th>Type</th><th>Status</th><th>Source</th><th>Backups</th><th>Reasons</th></tr>
    ${shown.map((j) => `<tr class="job" data-job="${esc(j.id)}"><td>${esc(j.created_at)}</td><td>${nm(j.policy.name)}</td><td>${esc(j.job_type)}</td>
      <td class="status-${esc(j.status)}">${esc(j.status)}</td><td>${nm(j.source.name)}</td>
      <td>${j.target_snapshots.map((t) => (t.remote ? `${nm(t.name)} (in ${esc(t.remote.region.name)})` : nm(t.name))).join(", ")}</td>
      <td>${esc(j.status_reasons.map((r) => `${r.code}: ${r.message}`).join("; "))}</td></tr>`).join("")}</table>`;
}

// Newest first: what happened, to what, why it failed, and the Activity Tracker targets it
// reached (bucket and object), or a context-based restriction's denial and its reason.
function drawEvents({ events }) {
  const outcome = $("event-outcome").value;
  const shown = events.filter((e) => !outcome || e.outcome === outcome);
  if (!shown.length) { $("events").innerHTML = '<p class="empty">No events.</p>'; return; }
  $("events").innerHTML = `<table><tr><th>Time</th><th>Action</th><th>Outcome</th><th>Target</th><th>Initiator</th><th>Reason</th><th>Delivered to</th></tr>
    ${shown.map((e) => `<tr class="event" data-event="${esc(e.id)}"><td>${esc(e.event_time)}</td><td>${esc(e.action)}</td>
      <td class="outcome-${esc(e.outcome)}">${esc(e.outcome)}</td><td>${nm(e.target.name || e.target.crn)}</td>
      <td>${nm(e.initiator.name || e.initiator.id)}</td>
      <td>${esc(e.reason ? [e.reason.code, e.reason.message].filter(Boolean).join(": ") : "")}</td>
      <td class="delivered">${(e.delivered_to || []).map((d) => `${nm(d.target_name || d.target_id)} → ${nm(`${d.bucket}/${d.object}`)}`).join("<br>")}</td></tr>`).join("")}</table>`;
}

let last = null;

async function refresh() {
  if (state.busy) return;
  state.busy = true;
  try {
    last = await load();
    drawClock(last.clock);
    drawPolicies(last);
    drawSources(last);
    drawRestores(last);
    drawJobs(last);
    drawEvents(last);
    $("error").hidden = true;
    document.body.dataset.loadedAt = last.clock.now;
  } catch (error) {
    showError(error);
  } finally {
    state.busy = false;
  }
}

async function setUp() {
  const index = await (await fetch("/")).json();
  state.region = index.default_region;
  $("region").innerHTML = index.regions.map((r) => `<option${r === state.region ? " selected" : ""}>${esc(r)}</option>`).join("");
  const iam = await admin("/iam");
  const keys = Object.entries(iam.accounts || {}).flatMap(([account, entry]) =>
    Object.entries(entry.api_keys || {}).map(([key, role]) => ({ key, account, label: `${account.slice(0, 8)}… ${key} (${role})` })));
  if (!keys.length) keys.push({ key: DEFAULT_KEY, label: `default account (${DEFAULT_KEY})` });
  state.key = keys[0].key;
  state.account = keys[0].account || null;
  const accountOf = Object.fromEntries(keys.map((k) => [k.key, k.account || null]));
  $("account").innerHTML = keys.map((k) => `<option value="${esc(k.key)}">${esc(k.label)}</option>`).join("");
  $("account").addEventListener("change", () => { state.key = $("account").value; state.account = accountOf[state.key]; refresh(); });
  $("region").addEventListener("change", () => { state.region = $("region").value; refresh(); });
  $("job-policy").addEventListener("change", () => last && drawJobs(last));
  $("job-status").addEventListener("change", () => last && drawJobs(last));
  $("event-outcome").addEventListener("change", () => last && drawEvents(last));
  for (const button of document.querySelectorAll("[data-advance]")) {
    button.addEventListener("click", async () => {
      await admin("/clock", { advance_seconds: Number(button.dataset.advance) }).catch(showError);
      await refresh();
    });
  }
  $("freeze").addEventListener("click", async () => {
    await admin("/clock", { frozen: !state.frozen }).catch(showError);
    await refresh();
  });
  await refresh();
  setInterval(refresh, POLL_MS);
}

function showError(error) {
  $("error").textContent = `The mock answered: ${error.message}`;
  $("error").hidden = false;
}

if (typeof document !== "undefined") setUp().catch(showError);
