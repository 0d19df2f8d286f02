/** A linkedom console for the capture tests: personal data everywhere, open and closed shadow roots. */
import { parseHTML } from 'linkedom';
import type { OpenRoot } from '../../../../lib/dom/root-opener.ts';

/** Personal data planted in the page: none of it may appear in a capture. */
export const PLANTED = ['Ada Lovelace', 'Lovelace', 'ada.lovelace@example.com', '+44 20 7946 0123', '07946 0123', '2026-12-06', '06/12/1815', '4929 1234 5678 9012', 'AB123456C', '0123', '1815', 'Ms Ada'];

export const CONSOLE_HTML = `<!doctype html><html lang="en"><head><title>Ada Lovelace - Calls</title>
<script>window.user = { name: "Ada Lovelace", phone: "+44 20 7946 0123" };</script></head>
<body class="css-1x2y3z app-shell">
  <header data-testid="top-bar" aria-label="Signed in as Ms Ada Lovelace"><span class="sc-bdVaJa user">Ada Lovelace</span></header>
  <main id="work">
    <section class="call-card css-9k8j7h" data-testid="call-card" data-state="connected" data-call-ref="CALL-20261206-0123" aria-label="Call from Ada Lovelace">
      <h2 title="ada.lovelace@example.com">Connected: Ada Lovelace</h2>
      <acme-caller id="caller" data-customer-name="Ada Lovelace" data-email="ada.lovelace@example.com"></acme-caller>
      <p>Born 06/12/1815, card 4929 1234 5678 9012, NI AB123456C, call on 2026-12-06</p>
      <a href="tel:+442079460123" data-dob="2026-12-06">Call back</a>
      <input name="notes" value="Ada Lovelace called about 07946 0123" placeholder="Ms Ada">
    </section>
    <iframe src="https://softphone.example.test/phone/0123?caller=Ada+Lovelace"></iframe>
  </main>
</body></html>`;

/** The console document, its shadow roots attached (open: acme-caller; closed: acme-badge inside it). */
export function consoleDom(html = CONSOLE_HTML): { document: Document; openRoot: OpenRoot; number: Element } {
  const { document } = parseHTML(html);
  const closed = new Map<Element, ShadowRoot>();
  const host = document.querySelector('acme-caller') as Element;
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = '<div class="row jsx-123456"><span class="label">Caller</span><span class="css-4f5g6h">+44 20 7946 0123</span></div><acme-badge data-testid="badge"></acme-badge>';
  const badge = root.querySelector('acme-badge') as Element;
  const inner = badge.attachShadow({ mode: 'closed' });
  inner.innerHTML = '<span data-testid="vip-name">Ada Lovelace</span>';
  closed.set(badge, inner);
  const number = root.querySelector('.css-4f5g6h') as Element;
  return { document: document as unknown as Document, openRoot: (el) => el.shadowRoot ?? closed.get(el) ?? null, number };
}
