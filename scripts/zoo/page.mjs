// The zoo page: one button per case, each showing its own result. The case specs are embedded as
// JSON; the script only ever sets text (results include server-chosen strings).

/** @param {string} s */
function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const GROUPS = [
  ['success', 'Successes'],
  ['failure', 'Failures'],
  ['proxy', 'Through a public CORS proxy'],
];

/**
 * @param {{ id: string, label: string, group: string, intent: string }[]} cases
 * @param {Record<string, string>} origins
 */
export function renderPage(cases, origins) {
  const sections = GROUPS.map(([group, title]) => {
    const rows = cases
      .filter((c) => c.group === group)
      .map(
        (c) => `
      <tr data-case="${escapeHtml(c.id)}">
        <td><button type="button" data-case="${escapeHtml(c.id)}">${escapeHtml(c.label)}</button></td>
        <td class="intent">${escapeHtml(c.intent)}</td>
        <td><output data-testid="result-${escapeHtml(c.id)}" data-state="idle">not run</output></td>
      </tr>`,
      )
      .join('');
    return rows ? `<h2>${escapeHtml(title)}</h2><table><tbody>${rows}</tbody></table>` : '';
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CORS zoo</title>
<style>
  :root { color-scheme: light dark; font: 14px/1.45 system-ui, sans-serif; }
  body { max-width: 980px; margin: 1.5rem auto; padding: 0 1rem; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  h2 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
  p { margin: .25rem 0; color: GrayText; }
  code { font-size: .92em; }
  table { border-collapse: collapse; width: 100%; }
  td { padding: .2rem .5rem .2rem 0; vertical-align: top; }
  td:first-child { width: 44%; }
  td:nth-child(2) { width: 34%; }
  button { width: 100%; text-align: left; padding: .3rem .5rem; cursor: pointer; }
  .intent { color: GrayText; font-size: .9em; }
  output { font-family: ui-monospace, monospace; font-size: .9em; white-space: nowrap; }
  output[data-outcome="ok"] { color: #188038; }
  output[data-outcome="error"] { color: #c5221f; }
</style>
</head>
<body>
<h1>CORS zoo</h1>
<p>This page is <code>${escapeHtml(origins.zoo)}</code>. Its APIs: <code>${escapeHtml(origins.api)}</code>,
<code>${escapeHtml(origins.other)}</code>, and a public CORS proxy look-alike <code>${escapeHtml(origins.proxy)}</code>
(all on 127.0.0.1). Click a button, then look at the <b>CORS</b> tab in DevTools.</p>
<p><button type="button" id="run-all" style="width:auto">Run all</button></p>
${sections}
<script src="/zoo.js"></script>
</body>
</html>
`;
}

/**
 * The page script. `specs`: what each button sends; `__TAG__` in a URL is replaced by a fresh tag per
 * click, so every request has its own URL (no preflight cache, easy to find in logs and reports).
 * @param {{ id: string, method: string, url: string, headers: Record<string, string>, credentials: string, body: string | null }[]} specs
 */
export function renderScript(specs) {
  return `'use strict';
(() => {
  const specs = ${JSON.stringify(specs).replace(/</g, '\\u003c')};
  let clicks = 0;
  const results = [];
  window.zooResults = results;

  async function run(id) {
    const spec = specs.find((s) => s.id === id);
    if (!spec) throw new Error('no case ' + id);
    const tag = id + '-' + (++clicks).toString(36) + Math.random().toString(36).slice(2, 6);
    const url = spec.url.split('__TAG__').join(tag);
    const out = document.querySelector('output[data-testid="result-' + id + '"]');
    out.dataset.state = 'running';
    out.dataset.url = url;
    out.dataset.method = spec.method;
    delete out.dataset.outcome;
    out.textContent = '…';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10000);
    const result = { id, tag, url, method: spec.method, ok: false, status: null, error: null };
    try {
      const response = await fetch(url, {
        method: spec.method, headers: spec.headers, credentials: spec.credentials,
        body: spec.body, signal: controller.signal,
      });
      await response.text();
      result.ok = true;
      result.status = response.status;
      out.textContent = response.status + ' ' + response.statusText;
      out.dataset.outcome = 'ok';
    } catch (error) {
      result.error = String(error);
      out.textContent = String(error);
      out.dataset.outcome = 'error';
    } finally {
      clearTimeout(timer);
    }
    out.dataset.state = 'done';
    results.push(result);
    return result;
  }

  async function runAll() {
    const out = [];
    for (const s of specs) out.push(await run(s.id));
    return out;
  }

  window.zoo = { run, runAll, ids: specs.map((s) => s.id) };
  for (const b of document.querySelectorAll('button[data-case]')) {
    b.addEventListener('click', () => void run(b.dataset.case));
  }
  document.getElementById('run-all').addEventListener('click', () => void runAll());
})();
`;
}
