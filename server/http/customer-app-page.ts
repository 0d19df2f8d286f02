/**
 * The demo "customer app" (demo mode only, GET /dev/customer-app): what the customer's phone would show.
 * The device credential comes from the page's fragment (#<deviceId>.<secret>), which browsers never send
 * to the server, so it stays out of access logs. The one inline script is allowed by its hash.
 */
import { createHash } from 'node:crypto';

const SCRIPT = `
const cred = decodeURIComponent(location.hash.slice(1));
const list = document.getElementById('requests');
const status = document.getElementById('status');
const auth = { authorization: 'Device ' + cred };
async function refresh() {
  if (!cred) { status.textContent = 'Open this page with #<deviceId>.<secret>'; return; }
  const res = await fetch('/app/v1/step-ups', { headers: auth });
  if (!res.ok) { status.textContent = 'Not signed in (' + res.status + ')'; return; }
  const { requests } = await res.json();
  status.textContent = requests.length ? '' : 'No pending requests';
  list.replaceChildren(...requests.map((r) => {
    const li = document.createElement('li');
    const text = document.createElement('p');
    text.textContent = r.message;
    li.append(text);
    for (const [label, decision] of [['Approve', 'approve'], ['Deny', 'deny']]) {
      const b = document.createElement('button');
      b.textContent = label;
      b.addEventListener('click', async () => {
        const done = await fetch('/app/v1/step-ups/' + encodeURIComponent(r.id) + '/decision', {
          method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ decision }) });
        status.textContent = done.ok ? (decision === 'approve' ? 'Approved' : 'Denied') : 'Failed (' + done.status + ')';
        refresh();
      });
      li.append(b);
    }
    return li;
  }));
}
refresh();
setInterval(refresh, 2000);
`;

/** The Content-Security-Policy of the page: nothing but its own script and same-origin fetches. */
export const CUSTOMER_APP_CSP =
  `default-src 'none'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; connect-src 'self'; ` +
  "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page's HTML. */
export const CUSTOMER_APP_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Customer app (demo)</title>
<style>body{font:16px system-ui;max-width:24rem;margin:2rem auto}li{list-style:none;border:1px solid #888;padding:.5rem;margin:.5rem 0}button{margin-right:.5rem}</style>
</head><body>
<h1>Your bank app (demo)</h1>
<p id="status" role="status"></p>
<ul id="requests" aria-label="Pending requests"></ul>
<script>${SCRIPT}</script>
</body></html>
`;
