/**
 * A loopback server implementing the documented shapes of Twilio Verify v2's Verifications and
 * VerificationCheck resources (https://www.twilio.com/docs/verify/api/verification and
 * https://www.twilio.com/docs/verify/api/verification-check): form-encoded POST bodies, HTTP Basic
 * authentication, JSON answers with `sid` (VE + 32 hex), `status` pending | approved | canceled |
 * max_attempts_reached, `valid`, `channel` sms | call | email; 201 on create; a verification no longer
 * pending (approved, expired, out of attempts) is gone: 404 with Twilio error 20404. Creating one for a
 * number with a pending verification resends it (same sid, same code). Refuses anything else with 400.
 */
import { randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeVerification { sid: string; to: string; channel: string; code: string; status: string; checks: number; sends: number }

const SERVICE = `VA${'0'.repeat(31)}1`;
const ACCOUNT = `AC${'0'.repeat(31)}1`;
const MAX_CHECKS = 5; // Twilio's default: 5 check attempts per verification

/** Start the fake on a free loopback port; `requests` records every request as received. */
export async function startFakeTwilio(user: string, password: string) {
  const verifications = new Map<string, FakeVerification>();
  const requests: { path: string; contentType: string; authorization: string; form: Record<string, string> }[] = [];
  const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const notFound = (res: http.ServerResponse, path: string) =>
    json(res, 404, { code: 20404, message: `The requested resource ${path} was not found`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 });
  const view = (v: FakeVerification) => ({
    sid: v.sid, service_sid: SERVICE, account_sid: ACCOUNT, to: v.to, channel: v.channel, status: v.status,
    valid: v.status === 'approved', amount: null, payee: null, date_created: new Date().toISOString(), date_updated: new Date().toISOString(),
  });

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const form = Object.fromEntries(new URLSearchParams(raw));
      requests.push({ path, contentType: req.headers['content-type'] ?? '', authorization: req.headers.authorization ?? '', form });
      if (req.headers.authorization !== `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`) {
        return json(res, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      }
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-www-form-urlencoded') return json(res, 400, { code: 20001, status: 400 });
      if (path === `/v2/Services/${SERVICE}/Verifications`) {
        if (!form.To || !['sms', 'call', 'email', 'whatsapp', 'sna'].includes(form.Channel ?? '')) return json(res, 400, { code: 60200, status: 400 });
        const pending = [...verifications.values()].find((v) => v.to === form.To && v.status === 'pending');
        const v = pending ?? { sid: `VE${randomBytes(16).toString('hex')}`, to: form.To, channel: form.Channel as string, code: String(randomInt(1e6)).padStart(6, '0'), status: 'pending', checks: 0, sends: 0 };
        v.sends++;
        verifications.set(v.sid, v);
        return json(res, 201, { ...view(v), send_code_attempts: [{ time: new Date().toISOString(), channel: v.channel }] });
      }
      if (path === `/v2/Services/${SERVICE}/VerificationCheck`) {
        const v = form.VerificationSid ? verifications.get(form.VerificationSid) : [...verifications.values()].find((x) => x.to === form.To && x.status === 'pending');
        if (!form.Code || !v || v.status !== 'pending') return notFound(res, path);
        v.checks++;
        if (form.Code === v.code) v.status = 'approved';
        else if (v.checks >= MAX_CHECKS) v.status = 'max_attempts_reached';
        return json(res, 200, view(v));
      }
      return notFound(res, path);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, serviceSid: SERVICE, verifications, requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
