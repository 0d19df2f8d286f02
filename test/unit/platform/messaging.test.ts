// The message map: every runtime message type listed once with the one context that may send it and the one
// that receives it; the worker's dispatcher has a handler for exactly the types sent to it; schemas are
// declared nowhere else; and the dispatcher refuses before any handler runs.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FROM_CONTENT, FROM_PANEL, MESSAGES, parseMessage } from '../../../lib/protocol.ts';
import { dispatcher, fromPanelPage, type Sender } from '../../../platform/messaging.ts';
import { BACKGROUND_HANDLERS } from '../../../entrypoints/background/handlers.ts';

const ROOT = join(import.meta.dirname, '../../..');

/** One valid message of each type (fields beyond `type` and `interactionId` where the schema needs them). */
function validSample(type: string): Record<string, unknown> {
  const extra: Record<string, Record<string, unknown>> = {
    'call.detected': { adapterId: 'a', rawAni: null, pageUrl: 'https://example.com/' },
    'content.config': {},
    'selector.health': { adapterId: 'a', reason: 'no-ani' },
    'panel.select': { customerId: 'c' },
    'panel.search': { method: 'lastName', value: 'Smith' },
    'panel.optOut': { reason: 'other' },
    'panel.representative': { on: true },
    'panel.register': { token: '0b6c3b1e-54d5-4c1c-9d44-3a5e1e0f2a77' },
    'panel.security': { kind: 'focus-theft' },
    'guards.event': { kind: 'blocked', label: 'Change phone number' },
    'side.current': { windowId: 1 },
    'panel.stepUpSend': { channel: 'sms' },
    'panel.stepUpCheck': { code: '123456' },
  };
  const noId = type === 'content.config' || type === 'selector.health' || type === 'frame.top' || type === 'panel.register' || type === 'guards.state' || type === 'guards.push' || type === 'side.current';
  return { type, ...(noId ? {} : { interactionId: 'ix-1' }), ...(extra[type] ?? {}) };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('message map', () => {
  it('lists every message type with its sender and receiver', () => {
    expect(Object.entries(MESSAGES).map(([type, m]) => `${m.from} → ${m.to}: ${type}`)).toEqual([
      'content → background: call.detected',
      'content → background: call.ended',
      'content → background: content.config',
      'content → background: selector.health',
      'panel → background: panel.hello',
      'panel → background: panel.retry',
      'panel → background: panel.select',
      'panel → background: panel.search',
      'panel → background: panel.verify',
      'panel → background: panel.optOut',
      'panel → background: panel.representative',
      'panel → background: panel.openRecord',
      'panel → background: panel.signIn',
      'panel → background: panel.engage',
      'panel → background: panel.keepCall',
      'panel → background: panel.switchCall',
      'background → content: panel.mount',
      'background → content: frame.top',
      'content → background: panel.register',
      'panel → background: panel.security',
      'content → background: guards.state',
      'background → content: guards.push',
      'content → background: guards.event',
      'panel → background: panel.stepUpOffer',
      'panel → background: panel.stepUpSend',
      'panel → background: panel.stepUpCheck',
      'panel → background: panel.stepUpResend',
      'panel → background: panel.stepUpOther',
      'panel → background: panel.stepUpPoll',
      'panel → background: side.current',
    ]);
  });

  it('each schema takes only its own type, and the per-sender schema sets come from the map', () => {
    for (const [type, m] of Object.entries(MESSAGES)) {
      const other = Object.keys(MESSAGES).find((t) => t !== type) as string;
      expect(m.schema.safeParse({ ...validSample(type), type: other }).success, type).toBe(false);
      expect(m.schema.safeParse(validSample(type)).success, type).toBe(true);
    }
    expect(Object.keys(FROM_CONTENT)).toEqual(Object.keys(MESSAGES).filter((t) => MESSAGES[t as keyof typeof MESSAGES].from === 'content'));
    expect(Object.keys(FROM_PANEL)).toEqual(Object.keys(MESSAGES).filter((t) => MESSAGES[t as keyof typeof MESSAGES].from === 'panel'));
  });

  it('the worker has one handler for exactly the types sent to it', () => {
    const toWorker = Object.keys(MESSAGES).filter((t) => MESSAGES[t as keyof typeof MESSAGES].to === 'background');
    expect(Object.keys(BACKGROUND_HANDLERS).sort()).toEqual(toWorker.sort());
  });

  it('no message type is declared outside the protocol modules (the map and the step-up part it spreads in)', () => {
    const declaring = ['lib', 'platform', 'entrypoints'].flatMap((d) => sourceFiles(join(ROOT, d)))
      .filter((path) => Object.keys(MESSAGES).some((type) => readFileSync(path, 'utf8').includes(`z.literal('${type}')`)))
      .map((path) => relative(ROOT, path));
    expect(declaring.sort()).toEqual(['lib/protocol-stepup.ts', 'lib/protocol.ts']);
  });
});

describe('dispatcher', () => {
  beforeEach(() => fakeBrowser.reset());
  const contentSender = (): Sender => ({ id: browser.runtime.id, tab: { id: 1 } as Sender['tab'], url: 'https://example.com/' });

  it('refuses unknown and malformed messages before any handler runs, answering undefined', async () => {
    const handler = vi.fn(async () => ({ ok: true as const }));
    const refuse = vi.fn(async () => undefined);
    const dispatch = dispatcher<'call.ended'>({ parse: (raw) => parseMessage({ 'call.ended': MESSAGES['call.ended'].schema }, raw), handlers: { 'call.ended': handler }, refuse });
    expect(await dispatch({ type: 'nope' }, contentSender())).toBeUndefined();
    expect(await dispatch({ type: 'call.ended', interactionId: '..' }, contentSender())).toBeUndefined();
    expect(refuse.mock.calls).toEqual([['unknown-type'], ['malformed']]);
    expect(handler).not.toHaveBeenCalled();
    expect(await dispatch({ type: 'call.ended', interactionId: 'a' }, contentSender())).toEqual({ ok: true });
  });

  it('tells our panel page from anything else by extension id and URL', () => {
    const panel = { id: browser.runtime.id, url: `${browser.runtime.getURL('/panel.html')}#ix=a` };
    expect(fromPanelPage(panel)).toBe(true);
    expect(fromPanelPage({ ...panel, id: 'another-extension' })).toBe(false);
    expect(fromPanelPage(contentSender())).toBe(false);
  });
});
