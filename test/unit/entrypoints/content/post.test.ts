/**
 * The content script's call.detected message (built field by field, checked against the protocol's strict
 * schema) and its sender: a send that gets no answer makes it ask whether this script is orphaned, a send that is
 * answered does not, and nothing is sent once the script's signal aborted. Plus `sameCall`, which decides whether
 * a detection is reported again.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callDetectedMessage, poster } from '../../../../entrypoints/content/post.ts';
import { sameCall } from '../../../../lib/detect/ids.ts';
import { CallDetected } from '../../../../lib/protocol.ts';
import type { DetectedCall } from '../../../../lib/adapters/types.ts';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../../platform/messaging', () => ({ send }));

const URL = 'https://acme.lightning.force.com/lightning/r/VoiceCall/0LQ5g000000AbCdEAA/view';
const call: DetectedCall = { adapterId: 'salesforce-voice', interactionId: '0LQ5g000000AbCdEAA', rawAni: '+1 (415) 555-0100' };

describe('callDetectedMessage', () => {
  it('carries the call and the page, and nothing it does not have', () => {
    const m = callDetectedMessage(call, URL);
    expect(m).toStrictEqual({ type: 'call.detected', adapterId: call.adapterId, interactionId: call.interactionId, rawAni: call.rawAni, pageUrl: URL });
    expect(CallDetected.safeParse(m).success).toBe(true);
    expect(callDetectedMessage({ ...call, rawAni: null }, URL).rawAni).toBeNull();
  });

  it('a customer id and an attestation A/B/C (any case); any other attestation as a verstat of at most 64', () => {
    const a = callDetectedMessage({ ...call, customerId: 'C-1', attestation: 'b' }, URL);
    expect(a).toMatchObject({ customerId: 'C-1', aniTrust: { attestation: 'B' } });
    expect(CallDetected.safeParse(a).success).toBe(true);
    const v = callDetectedMessage({ ...call, attestation: `TN-Validation-Passed${'x'.repeat(80)}` }, URL);
    expect(v.aniTrust).toStrictEqual({ verstat: `TN-Validation-Passed${'x'.repeat(44)}` });
    expect(CallDetected.safeParse(v).success).toBe(true);
    expect(callDetectedMessage({ ...call, attestation: '' }, URL)).not.toHaveProperty('aniTrust');
  });
});

describe('poster', () => {
  beforeEach(() => send.mockReset());
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('an answered send: the reply, and no orphan check', async () => {
    send.mockResolvedValue({ ok: true });
    const isValid = vi.fn(() => true);
    await expect(poster(new AbortController().signal, isValid)({ type: 'content.config' })).resolves.toEqual({ ok: true });
    await flush();
    expect(send).toHaveBeenCalledWith({ type: 'content.config' });
    expect(isValid).not.toHaveBeenCalled();
  });

  it('an unanswered send (refused, or the extension reloaded under this script): asks once whether it is orphaned', async () => {
    send.mockResolvedValue(undefined);
    const isValid = vi.fn(() => false);
    await expect(poster(new AbortController().signal, isValid)({ type: 'content.config' })).resolves.toBeUndefined();
    await flush();
    expect(isValid).toHaveBeenCalledTimes(1);
  });

  it('after the signal aborted: nothing is sent', async () => {
    const ac = new AbortController();
    ac.abort();
    const isValid = vi.fn(() => false);
    await expect(poster(ac.signal, isValid)({ type: 'content.config' })).resolves.toBeUndefined();
    expect(send).not.toHaveBeenCalled();
  });
});

describe('sameCall', () => {
  it('equal field by field, whatever the object; any field differing makes another call', () => {
    expect(sameCall(call, { ...call })).toBe(true);
    expect(sameCall(null, null)).toBe(true);
    expect(sameCall(call, null)).toBe(false);
    expect(sameCall(null, call)).toBe(false);
    const changes: Partial<DetectedCall>[] = [{ adapterId: 'x' }, { interactionId: 'y' }, { rawAni: null }, { rawAni: '+44 20 7946 0018' }, { customerId: 'C-1' }, { attestation: 'A' }];
    for (const change of changes) expect(sameCall(call, { ...call, ...change }), JSON.stringify(change)).toBe(false);
    expect(sameCall({ ...call, customerId: 'C-1' }, { ...call, customerId: 'C-2' })).toBe(false);
  });
});
