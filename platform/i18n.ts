/** Localised strings from public/_locales via the browser's i18n API. */
import { browser } from 'wxt/browser';
import type { MessageKey } from '../lib/values';

export type { MessageKey };

/** The message for `key` in the browser's language; the key itself if missing (never blank). */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
