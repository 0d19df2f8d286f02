/** The worker's decision to show the Genesys sign-in hint in the panel for a call the page showed. */
import { describe, expect, it } from 'vitest';
import { genesysSignInHint } from '../../../../lib/genesys/sign-in-hint.ts';

const POLICY = { region: 'mypurecloud.de', clientId: 'client-1' };
const SIGNED_OUT = { state: 'signed-out', detail: 'login_required', at: 1 };

describe('genesysSignInHint', () => {
  it('names the region for a Genesys call while the configured channel waits for a sign-in', () => {
    expect(genesysSignInHint('genesys-cloud', POLICY, SIGNED_OUT)).toEqual({ region: 'mypurecloud.de' });
    expect(genesysSignInHint('genesys-cloud-embedded', POLICY, SIGNED_OUT)).toEqual({ region: 'mypurecloud.de' });
  });

  it('is null while the channel is connected, starting or failing for another reason', () => {
    for (const status of [{ state: 'connected' }, { state: 'error', detail: 'closed' }, { state: 'off' }, undefined, null, 'signed-out', {}]) {
      expect(genesysSignInHint('genesys-cloud', POLICY, status)).toBeNull();
    }
  });

  it('is null when policy genesys leaves the channel off (no region or no client)', () => {
    expect(genesysSignInHint('genesys-cloud', { region: '', clientId: '' }, SIGNED_OUT)).toBeNull();
    expect(genesysSignInHint('genesys-cloud', { region: 'mypurecloud.de', clientId: '' }, SIGNED_OUT)).toBeNull();
    expect(genesysSignInHint('genesys-cloud', { region: '', clientId: 'client-1' }, SIGNED_OUT)).toBeNull();
  });

  it('is null for calls other adapters found', () => {
    for (const id of ['salesforce-voicecall', 'amazon-connect', 'zendesk-talk', 'genesys', 'genesys-cloud ']) {
      expect(genesysSignInHint(id, POLICY, SIGNED_OUT)).toBeNull();
    }
  });
});
