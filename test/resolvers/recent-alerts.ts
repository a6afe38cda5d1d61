import { fixture } from '../helpers/kaizen-sandbox';

/**
 * A Mackerel host alert from the fixture, moved to `hoursAgo` before now and given its own alert id and role, so
 * it opens an incident of its own inside a gadget period (the fixtures are dated 2025).
 */
export function recentMackerelAlert(options: { id: string; role: string; hoursAgo: number; status: 'warning' | 'critical' }): string {
  const body = JSON.parse(fixture('mackerel', options.status === 'critical' ? 'host-critical.json' : 'host-warning.json')) as {
    host: { roles: Array<{ fullname: string; serviceName: string; roleName: string }> };
    alert: Record<string, unknown>;
  };
  const atMs = Date.now() - options.hoursAgo * 3_600_000;
  body.host.roles = [{ ...body.host.roles[0]!, fullname: `ec-site: ${options.role}`, roleName: options.role }];
  Object.assign(body.alert, {
    id: options.id,
    url: `https://mackerel.io/orgs/example-corp/alerts/${options.id}`,
    openedAt: Math.floor(atMs / 1000),
    createdAt: atMs,
    statusChangedAt: Math.floor(atMs / 1000),
  });
  return JSON.stringify(body);
}
