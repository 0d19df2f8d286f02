/**
 * Selector health: adapters that matched a CRM page but found no caller on it (recorded by the worker
 * from the content script's reports), grouped by adapter and host, newest first. Follows
 * storage changes live; says "none recorded" when the key is absent or empty.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import { groupSelectorHealth, type SelectorHealthGroup } from '@/lib/selector-health';
import { readSelectorHealth, STORAGE, watchEntry } from '@/platform/storage';
import { formatDateTime } from '@/lib/reports/view';

/** The selector-health section. */
export function ReportsSelectorHealth() {
  const [groups, setGroups] = useState<SelectorHealthGroup[] | null>(null);

  useEffect(() => {
    let alive = true;
    const read = (): void =>
      void readSelectorHealth().then(
        (entries) => alive && setGroups(groupSelectorHealth(entries)),
        () => alive && setGroups([]),
      );
    read();
    const unwatch = watchEntry(STORAGE.selectorHealth, read);
    return () => {
      alive = false;
      unwatch();
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
