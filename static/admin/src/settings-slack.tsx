/**
 * The admin page's Slack notifications (DESIGN 3.7): which events are posted, and an incoming-webhook URL for the
 * default and per level. A stored URL is never shown (the resolver never answers it): each slot says set or not,
 * with a masked hint, and takes a new URL to replace it. URLs are checked here as the resolver checks them
 * (`isSlackWebhookUrl`), each message under its field; "Send test message" posts to a saved webhook.
 */
import { useState } from 'react';
import type { Settings } from '@shared/settings';
import { isSlackWebhookUrl, SLACK_EVENT_KINDS, SLACK_WEBHOOK_SLOTS, type SendSlackTestData, type SlackEvents, type SlackSettingsData, type SlackWebhookSlot } from '@shared/slack-settings';
import type { FieldProblem } from '@shared/resolver-result';
import { Button } from '@ui/components/button';
import { ErrorMessage, Loading, Notice } from '@ui/components/messages';
import { call, type UiError } from '@ui/forge';
import { useResolver } from '@ui/use-resolver';
import { FieldMessages } from './field';
import { useAdminI18n } from './i18n/admin-i18n';

type Outcome = { kind: 'none' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'refused'; error: UiError };
/** Per slot: a new URL typed, or removal asked for. */
type Edit = { url: string; remove: boolean };

/** The problem of a typed URL, as the resolver would name it. */
const problemOf = (slot: SlackWebhookSlot): FieldProblem => ({ field: 'webhooks', path: `webhooks.${slot}`, message: 'Not a Slack incoming-webhook URL', code: 'slack-webhook-url' });

export function SlackSettingsPanel({ levels }: { levels: Settings['levels'] }) {
  const loaded = useResolver('getSlackSettings', {});
  if (loaded.state.status === 'loading') return <Loading />;
  if (loaded.state.status === 'error') return <ErrorMessage error={loaded.state.error} onRetry={loaded.reload} />;
  return <SlackForm data={loaded.state.data} levels={levels} />;
}

function SlackForm({ data: initial, levels }: { data: SlackSettingsData; levels: Settings['levels'] }) {
  const { t, lang } = useAdminI18n();
  const [data, setData] = useState(initial);
  const [events, setEvents] = useState<SlackEvents>(initial.events);
  const [edits, setEdits] = useState<Partial<Record<SlackWebhookSlot, Edit>>>({});
  const [server, setServer] = useState<Map<string, FieldProblem>>(new Map());
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [tests, setTests] = useState<Partial<Record<SlackWebhookSlot, SendSlackTestData | UiError | 'sending'>>>({});

  const slotName = (slot: SlackWebhookSlot): string => (slot === 'default' ? t('slack.slot.default') : levels[slot].name[lang] || slot);
  const edit = (slot: SlackWebhookSlot, change: Partial<Edit>) => {
    setEdits((e) => ({ ...e, [slot]: { url: '', remove: false, ...e[slot], ...change } }));
    setServer((m) => new Map([...m].filter(([path]) => path !== `webhooks.${slot}`)));
    setOutcome((o) => (o.kind === 'saved' ? { kind: 'none' } : o));
  };
  const problem = (slot: SlackWebhookSlot): FieldProblem | undefined => {
    const url = edits[slot]?.url.trim();
    return url && !isSlackWebhookUrl(url) ? problemOf(slot) : server.get(`webhooks.${slot}`);
  };
  const anySet = SLACK_WEBHOOK_SLOTS.some((s) => data.webhooks[s].set);

  const save = async () => {
    if (SLACK_WEBHOOK_SLOTS.some((s) => problem(s))) {
      setOutcome({ kind: 'refused', error: { code: 'invalid-settings', message: 'client-side check' } });
      return;
    }
    const webhooks: Partial<Record<SlackWebhookSlot, string | null>> = {};
    for (const slot of SLACK_WEBHOOK_SLOTS) {
      const e = edits[slot];
      if (e?.remove) webhooks[slot] = null;
      else if (e?.url.trim()) webhooks[slot] = e.url.trim();
    }
    setOutcome({ kind: 'saving' });
    const result = await call('saveSlackSettings', { events, webhooks });
    if (result.ok) {
      setData(result.data);
      setEvents(result.data.events);
      setEdits({});
      setServer(new Map());
      setOutcome({ kind: 'saved' });
      return;
    }
    setServer(new Map((result.error.fields ?? []).map((f) => [f.path, f])));
    setOutcome({ kind: 'refused', error: result.error });
  };

  const sendTest = async (slot: SlackWebhookSlot) => {
    setTests((m) => ({ ...m, [slot]: 'sending' }));
    const result = await call('sendSlackTest', { slot });
    setTests((m) => ({ ...m, [slot]: result.ok ? result.data : result.error }));
  };

  return (
    <form
      className="kz-settings"
      data-testid="slack-settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <section className="kz-section" aria-labelledby="section-slack">
        <h2 className="kz-h2" id="section-slack" data-testid="slack-title">
          {t('slack.section')}
        </h2>
        <p className="kz-section__help">{t('slack.section.help')}</p>
        {anySet ? null : <p className="kz-message kz-message--warning kz-small" data-testid="slack-none-set">{t('slack.noneSet')}</p>}
        <fieldset className="kz-field" data-testid="slack-events">
          <legend className="kz-field__label">{t('slack.events')}</legend>
          <div className="kz-stack">
            {SLACK_EVENT_KINDS.map((kind) => (
              <label key={kind} className="kz-check__label">
                <input type="checkbox" checked={events[kind]} data-testid={`slack-event-${kind}`} onChange={(e) => setEvents((v) => ({ ...v, [kind]: e.target.checked }))} />
                <span>{t(`slack.event.${kind}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <h3 className="kz-h3">{t('slack.webhooks')}</h3>
        <p className="kz-section__help">{t('slack.webhooks.help')}</p>
        {SLACK_WEBHOOK_SLOTS.map((slot) => {
          const view = data.webhooks[slot];
          const e = edits[slot];
          const p = problem(slot);
          const test = tests[slot];
          const id = `slack-${slot}`;
          return (
            <div key={slot} className="kz-field kz-field--wide" data-testid={`slack-webhook-${slot}`} data-set={view.set}>
              <label className="kz-field__label" htmlFor={id}>
                {t('slack.webhook.url', { slot: slotName(slot) })}
              </label>
              <p className="kz-small" data-testid={`slack-webhook-${slot}-state`}>
                {view.set ? t('slack.webhook.set', { hint: view.hint ?? '••••' }) : slot === 'default' ? t('slack.webhook.notSet') : t('slack.webhook.notSetLevel')}
                {view.set && view.setBy ? ` · ${t('slack.webhook.setBy', { name: view.setBy })}` : null}
              </p>
              <div className="kz-row">
                <input
                  id={id}
                  className="kz-input"
                  type="url"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="https://hooks.slack.com/services/…"
                  value={e?.url ?? ''}
                  disabled={e?.remove}
                  aria-invalid={p ? true : undefined}
                  aria-describedby={p ? `${id}-error` : undefined}
                  data-testid={`slack-url-${slot}`}
                  onChange={(ev) => edit(slot, { url: ev.target.value })}
                />
                {view.set ? (
                  <>
                    <Button appearance="subtle" testId={`slack-remove-${slot}`} onClick={() => edit(slot, { remove: !e?.remove, url: '' })}>
                      {e?.remove ? t('slack.webhook.keep') : t('slack.webhook.remove')}
                    </Button>
                    <Button testId={`slack-test-${slot}`} busy={test === 'sending'} onClick={() => void sendTest(slot)}>
                      {t('slack.test')}
                    </Button>
                  </>
                ) : null}
              </div>
              {e?.remove ? <p className="kz-small kz-subtle">{t('slack.webhook.removing')}</p> : null}
              {p ? <FieldMessages id={id} problem={p} testId={`slack-url-${slot}`} /> : null}
              {test && test !== 'sending' ? <TestResult result={test} slot={slot} /> : null}
            </div>
          );
        })}
      </section>
      <div className="kz-savebar" data-testid="slack-save-bar">
        <div className="kz-savebar__status" aria-live="polite">
          {outcome.kind === 'refused' ? <ErrorMessage error={outcome.error} /> : null}
          {outcome.kind === 'saved' ? (
            <Notice tone="success" testId="slack-saved">
              <p>{t('slack.saved')}</p>
            </Notice>
          ) : null}
        </div>
        <div className="kz-savebar__actions">
          <Button appearance="primary" type="submit" testId="slack-save" busy={outcome.kind === 'saving'}>
            {t('slack.save')}
          </Button>
        </div>
      </div>
    </form>
  );
}

function TestResult({ result, slot }: { result: SendSlackTestData | UiError; slot: SlackWebhookSlot }) {
  const { t } = useAdminI18n();
  if ('code' in result) return <ErrorMessage error={result} />;
  if (result.sent) {
    return (
      <p className="kz-small" role="status" data-testid={`slack-test-${slot}-result`} data-sent="true">
        {t('slack.test.sent')}
      </p>
    );
  }
  return (
    <p className="kz-field__error" role="status" data-testid={`slack-test-${slot}-result`} data-sent="false">
      {result.status !== undefined ? t('slack.test.failed', { status: String(result.status), error: result.error ?? '' }) : t('slack.test.unreachable', { error: result.error ?? '' })}
    </p>
  );
}
