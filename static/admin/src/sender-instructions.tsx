/**
 * What to paste where in each sender, right after a secret was made, in the user's language. Each value comes with
 * its own copy button. The texts name the sender's own menus (as the vendors label them) so they can be followed
 * screen by screen; the full guides are src/sources/<source>/README.md.
 */
import type { AdminSource } from '@shared/admin';
import { CopyButton } from '@ui/components/copy-button';
import { useAdminI18n } from './i18n/admin-i18n';

/** The web trigger URL with the secret as Mackerel's `token` query parameter (Mackerel can add no header). */
export function mackerelUrl(url: string, secret: string): string {
  const u = new URL(url);
  u.searchParams.set('token', secret);
  return u.toString();
}

function Value({ label, value, testId, block }: { label: string; value: string; testId: string; block?: boolean }) {
  const { t } = useAdminI18n();
  return (
    <div className="kz-value">
      <span className="kz-value__label">{label}</span>
      {block ? (
        <pre className="kz-code kz-code--block" data-testid={testId}>
          {value}
        </pre>
      ) : (
        <code className="kz-code kz-code--value" data-testid={testId}>
          {value}
        </code>
      )}
      <CopyButton text={value} label={t('copy.label', { what: label })} testId={`${testId}-copy`} />
    </div>
  );
}

export function SenderInstructions({ source, secret }: { source: AdminSource; secret: string }) {
  const { t } = useAdminI18n();
  const url = source.url ?? '';
  const header = source.headerName ?? source.defaultHeaderName ?? '';
  switch (source.source) {
    case 'mackerel':
      return (
        <ol className="kz-steps" data-testid="instructions-mackerel">
          <li>{t('howto.mackerel.1')}</li>
          <li>
            {t('howto.mackerel.2')}
            {url ? <Value label={t('howto.webhookUrl')} value={mackerelUrl(url, secret)} testId="secret-url" /> : null}
          </li>
          <li>{t('howto.mackerel.3')}</li>
        </ol>
      );
    case 'opsgenie':
      return (
        <ol className="kz-steps" data-testid="instructions-opsgenie">
          <li>
            {t('howto.opsgenie.1')}
            {url ? <Value label={t('howto.webhookUrl')} value={url} testId="secret-url" /> : null}
          </li>
          <li>
            {t('howto.opsgenie.2')}
            <Value label={t('howto.headerName')} value={header} testId="secret-header-name" />
            <Value label={t('howto.headerValue')} value={secret} testId="secret-value" />
          </li>
          <li>{t('howto.opsgenie.3')}</li>
        </ol>
      );
    case 'alertmanager': {
      const yaml = [
        'receivers:',
        '  - name: kaizen',
        '    webhook_configs:',
        `      - url: ${url}`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials: ${secret}`,
      ].join('\n');
      return (
        <ol className="kz-steps" data-testid="instructions-alertmanager">
          <li>
            {t('howto.alertmanager.1')}
            <Value label={t('howto.yaml')} value={yaml} testId="secret-yaml" block />
          </li>
          <li>{t('howto.alertmanager.2')}</li>
          <li>{t('howto.alertmanager.3')}</li>
        </ol>
      );
    }
    case 'grafana':
      return (
        <ol className="kz-steps" data-testid="instructions-grafana">
          <li>
            {t('howto.grafana.1')}
            {url ? <Value label={t('howto.webhookUrl')} value={url} testId="secret-url" /> : null}
          </li>
          <li>
            {t('howto.grafana.2')}
            <Value label={t('howto.hmacSecret')} value={secret} testId="secret-value" />
            <Value label={t('howto.signatureHeader')} value={header} testId="secret-header-name" />
            {source.timestampHeaderName ? <Value label={t('howto.timestampHeader')} value={source.timestampHeaderName} testId="secret-timestamp-header" /> : null}
          </li>
          <li>{t('howto.grafana.3')}</li>
        </ol>
      );
    case 'deployments': {
      const curl = [
        'curl --fail -X POST "$KAIZEN_DEPLOYMENT_URL" \\',
        '  -H "Authorization: Bearer $KAIZEN_DEPLOYMENT_TOKEN" \\',
        '  -H "Content-Type: application/json" \\',
        // TESTING: a trial that the DORA figures (production deployments) never count
        `  -d '{"id": "kaizen-test-1", "environment": "TESTING",`,
        '       "startedDate": "2026-01-01T00:00:00Z", "finishedDate": "2026-01-01T00:05:00Z",',
        '       "deploymentCommits": [{"repoUrl": "https://example.com/repo", "commitSha": "0000000",',
        `         "startedDate": "2026-01-01T00:00:00Z", "finishedDate": "2026-01-01T00:05:00Z"}]}'`,
      ].join('\n');
      return (
        <ol className="kz-steps" data-testid="instructions-deployments">
          <li>
            {t('howto.deployments.1')}
            {url ? <Value label={t('howto.urlVariable')} value={url} testId="secret-url" /> : null}
            <Value label={t('howto.tokenVariable')} value={secret} testId="secret-value" />
          </li>
          <li>
            {t('howto.deployments.2')}
            <Value label={t('howto.headerName')} value="Authorization" testId="secret-header-name" />
            <Value label={t('howto.headerValue')} value={`Bearer ${secret}`} testId="secret-header-value" />
          </li>
          <li>
            {t('howto.deployments.3')}
            <Value label={t('howto.curl')} value={curl} testId="secret-curl" block />
          </li>
          <li>{t('howto.deployments.4')}</li>
        </ol>
      );
    }
    case 'pagerduty':
      // PagerDuty makes its own signing secret; Kaizen never generates one (the card shows a paste field instead)
      return (
        <ol className="kz-steps" data-testid="instructions-pagerduty">
          <li>{t('howto.pagerduty.1')}</li>
        </ol>
      );
  }
}
