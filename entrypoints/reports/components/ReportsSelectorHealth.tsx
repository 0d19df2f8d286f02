/**
 * Selector health: adapters that matched a CRM page but found no caller on it (storage.local key
 * `selectorHealth`, written by the content side), grouped by adapter and host, newest first. Follows
 * storage changes live; says "none recorded" when the key is absent or empty.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/platform/i18n';
import { groupSelectorHealth, parseSelectorHealth, SELECTOR_HEALTH_KEY, type SelectorHealthGroup } from '@/lib/reports/selector-health';
import { formatDateTime } from '@/lib/reports/view';

/** The selector-health section. */
export function ReportsSelectorHealth() {
  const [groups, setGroups] = useState<SelectorHealthGroup[] | null>(null);

  useEffect(() => {
    let alive = true;
    const read = (): void =>
      void browser.storage.local.get(SELECTOR_HEALTH_KEY).then(
        (got) => alive && setGroups(groupSelectorHealth(parseSelectorHealth(got[SELECTOR_HEALTH_KEY]))),
        () => alive && setGroups([]),
      );
    const onChanged = (changes: Record<string, unknown>, area: string): void => {
      if (area === 'local' && SELECTOR_HEALTH_KEY in changes) read();
    };
    read();
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);

  return (
    <section aria-labelledby="health-title" class="health" data-testid="selector-health">
      <h2 id="health-title">{t('reports_selectorHealth')}</h2>
      <p class="muted">{t('reports_selectorHealthHelp')}</p>
      {groups !== null && groups.length === 0 && <p data-state="none">{t('reports_selectorHealthNone')}</p>}
      {groups !== null && groups.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('reports_adapter')}</th>
              <th scope="col">{t('reports_host')}</th>
              <th scope="col">{t('reports_colCount')}</th>
              <th scope="col">{t('reports_colLastSeen')}</th>
              <th scope="col">{t('reports_colPageVersions')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={`${g.adapterId}|${g.host}`}>
                <td>{g.adapterId}</td>
                <td>{g.host}</td>
                <td>{g.count}</td>
                <td>{formatDateTime(g.lastAt)}</td>
                <td>{g.pageVersions.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
