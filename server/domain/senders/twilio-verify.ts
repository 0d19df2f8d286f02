/**
 * A sender speaking Twilio Verify's documented API (v2), so a Twilio Verify service, or anything that
 * implements the same API, makes, sends and checks the codes; this server keeps only the verification's
 * sid and still counts attempts, resends and expiry itself.
 *   start:  POST {base}/v2/Services/{ServiceSid}/Verifications      To, Channel (sms | call | email) → 201 { sid, status: "pending", ... }
 *   check:  POST {base}/v2/Services/{ServiceSid}/VerificationCheck  VerificationSid, Code → 200 { status: "approved" | "pending" | "canceled" | ... }
 *           404 when the verification no longer exists (approved, expired or out of attempts: Twilio error 20404)
 * Bodies are form-encoded, answers JSON, authentication HTTP Basic (API key sid and secret, or account sid
 * and auth token). A provider that fails or does not answer in time is 503 unavailable for the agent.
 */
import { z } from 'zod';
import type { StepUpChannel } from '../../../lib/api/contract-stepup.ts';
import { HttpError } from '../errors.ts';
import type { ProviderCheck, StepUpSender } from './types.ts';

export interface TwilioVerifyConfig {
  /** Origin of the API, e.g. https://verify.twilio.com. */
  baseUrl: string;
  serviceSid: string;
  username: string;
  password: string;
  timeoutMs?: number;
}

/** Twilio's channel names for ours (voice is "call"). */
const CHANNEL: Partial<Record<StepUpChannel, string>> = { sms: 'sms', voice: 'call', email: 'email' };

const Verification = z.object({ sid: z.string().regex(/^VE[0-9a-fA-F]{32}$/), status: z.string() });
const Check = z.object({ status: z.string() });

const unavailable = () => new HttpError(503, 'unavailable', 'The code provider is unavailable; try again or use another channel');

/** The Twilio Verify sender for `cfg`. */
export function twilioVerifySender(cfg: TwilioVerifyConfig): StepUpSender {
  const base = `${cfg.baseUrl.replace(/\/+$/, '')}/v2/Services/${encodeURIComponent(cfg.serviceSid)}`;
  const auth = `Basic ${Buffer.from(`${cfg.username}:${cfg.password}`).toString('base64')}`;

  /** POST a form; resolves to the status and the parsed JSON (undefined when not JSON). */
  async function post(path: string, form: Record<string, string>): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${base}/${path}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 5000),
      });
    } catch {
      throw unavailable();
    }
    const body: unknown = await res.json().catch(() => undefined);
    return { status: res.status, body };
  }

  return {
    name: 'twilio-verify',
    ownsCode: true,
    channels: ['sms', 'voice', 'email'],
    async send(req) {
      const channel = CHANNEL[req.channel];
      if (channel === undefined) throw new HttpError(409, 'conflict', 'This channel is not available from the configured sender');
      const { status, body } = await post('Verifications', { To: req.destination, Channel: channel });
      const parsed = Verification.safeParse(body);
      if ((status !== 201 && status !== 200) || !parsed.success || parsed.data.status !== 'pending') throw unavailable();
      return { ref: parsed.data.sid };
    },
    async check(ref, _destination, code): Promise<ProviderCheck> {
      const { status, body } = await post('VerificationCheck', { VerificationSid: ref, Code: code });
      if (status === 404) return 'over';
      const parsed = Check.safeParse(body);
      if (status !== 200 || !parsed.success) throw unavailable();
      if (parsed.data.status === 'approved') return 'approved';
      return parsed.data.status === 'pending' ? 'pending' : 'over';
    },
  };
}
