/** Who changed which setting, when (in the viewer's zone), from what to what; newest first. */
import type { SettingsHistoryEntry } from '@shared/admin';
import { SETTINGS_FIELDS, type SettingsField } from '@shared/settings';
import { Time } from '@ui/components/time';
import { useAdminI18n } from './i18n/admin-i18n';

const isField = (f: string): f is SettingsField => (SETTINGS_FIELDS as string[]).includes(f);

/** A change's field as its label; a dotted path inside a setting keeps the rest (`Levels · SEV1.name.ja`). */
function useFieldLabel(): (field: string) => string {
  const { t } = useAdminI18n();
  return (field) => {
    const [head = field, ...rest] = field.split('.');
    if (!isField(head)) return field;
    return rest.length ? `${t(`field.${head}`)} · ${rest.join('.')}` : t(`field.${head}`);
  };
}

/** A stored JSON value as short text: strings unquoted, long values cut (the full text is in the title). */
function shown(value: string | undefined): { text: string; full: string } | undefined {
  if (value === undefined) return undefined;
  let text = value;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'string') text = parsed;
    else if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) text = parsed.join(', ');
  } catch {
    // not JSON: shown as it is
  }
  return { text: text.length > 120 ? `${text.slice(0, 117)}…` : text, full: text };
}

export function HistoryPanel({ history }: { history: readonly SettingsHistoryEntry[] }) {
  const { t } = useAdminI18n();
  const label = useFieldLabel();
  const entries = [...history].sort((a, b) => b.revision - a.revision);
  const value = (v: string | undefined, testId: string) => {
    const s = shown(v);
    return s ? (
      <code className="kz-code kz-title" title={s.full} data-testid={testId}>
        {s.text}
      </code>
    ) : (
      <span className="kz-subtle" data-testid={testId}>
        {t('history.unset')}
      </span>
    );
  };
  return (
    <section className="kz-section" aria-labelledby="history-title" data-testid="history">
      <h2 className="kz-h2" id="history-title">
        {t('history.title')}
      </h2>
      <p className="kz-section__help">{t('history.help')}</p>
      {entries.length === 0 ? (
        <div className="kz-empty" data-testid="history-empty">
          <p>{t('history.empty')}</p>
        </div>
      ) : (
        <table className="kz-table" data-testid="history-table">
          <caption className="kz-sr-only">{t('history.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('history.when')}</th>
              <th scope="col">{t('history.who')}</th>
              <th scope="col">{t('history.what')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.revision} data-testid="history-entry" data-revision={e.revision}>
                <td className="kz-nowrap">
                  <Time iso={e.at} testId="history-at" />
                  <div className="kz-small kz-subtle">{t('history.revision', { revision: e.revision })}</div>
                </td>
                <td data-testid="history-who">{e.displayName}</td>
                <td>
                  <ul className="kz-changes">
                    {e.changes.map((c, i) => (
                      <li key={`${c.field}-${i}`} data-testid="history-change" data-field={c.field}>
                        <span className="kz-changes__field">{label(c.field)}</span>
                        <span className="kz-changes__values">
                          {value(c.from, 'history-from')}
                          <span aria-hidden="true" className="kz-subtle">→</span>
                          <span className="kz-sr-only">{t('history.to')}</span>
                          {value(c.to, 'history-to')}
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
