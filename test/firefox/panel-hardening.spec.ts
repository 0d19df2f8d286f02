/**
 * Firefox has no IntersectionObserver v2: there the content script's elementFromPoint probes alone prove
 * that the panel is seen. A page element over the panel is found by them, and the panel refuses keys until it goes.
 */
import type { Frame } from 'puppeteer-core';
import { test, expect, callUrl, panelFrame, expectText, textOf, typeInto, answerAsAda } from './fixtures.ts';

/** The value of the input labelled `label` in the panel. */
const valueOf = (panel: Frame, label: string): Promise<string> => panel.evaluate((text) => {
  const id = Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.trim() === text)?.htmlFor;
  return (document.getElementById(id ?? '') as HTMLInputElement | null)?.value ?? 'no field';
}, label);

test('a cover over the panel: the probes find it, keys are refused and the panel says so; once gone, the answers are taken', async ({ firefox, useApi: _ }) => {
  const { url } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  const panel = await panelFrame(page, firefox.origin);
  await expectText(panel, '.status .name', 'Ada Lovelace');
  expect(await textOf(panel, '[data-guard="covered"]')).toBe('');
  // A transparent element of the page's above the host (the host's own style untouched).
  await page.evaluate(() => {
    const d = document.createElement('div');
    d.id = 'cover';
    d.setAttribute('style', 'position:fixed;top:0;right:0;width:420px;height:100vh;z-index:2147483647;background:transparent');
    document.documentElement.append(d);
  });
  await expectText(panel, '[data-guard="covered"]', /is over the panel/);
  await typeInto(panel, 'Date of birth', '10/12/1985');
  expect(await valueOf(panel, 'Date of birth')).toBe('');
  await page.evaluate(() => document.getElementById('cover')?.remove());
  await expectText(panel, '[data-guard="covered"]', '');
  await answerAsAda(page, panel);
});
