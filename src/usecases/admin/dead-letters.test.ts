import { deadLetterView } from './dead-letters';

const letter = (body: Record<string, unknown>) => ({ eventId: 'ev-1', body, error: 'ForgeSQLError: timeout', attempts: 5, failedAt: '2026-12-01T10:00:00.000Z' });
const deployment = (over: Record<string, unknown>) => ({ kind: 'deployment', receivedAt: '2026-12-01T09:59:00.000Z', deployment: { id: 'run-7', displayTitle: null, name: null, ...over } });

describe('a dead deployment as the admin page lists it', () => {
  it('is summarised by its title, else its name, else its id — with no alert source', () => {
    expect(deadLetterView(letter(deployment({ displayTitle: 'shop-api v2', name: 'deploy' })))).toEqual({ id: 'ev-1', summary: 'shop-api v2', failedAt: '2026-12-01T10:00:00.000Z', reason: 'ForgeSQLError: timeout', attempts: 5 });
    expect(deadLetterView(letter(deployment({ name: 'deploy' }))).summary).toBe('deploy');
    expect(deadLetterView(letter(deployment({}))).summary).toBe('run-7');
    expect(deadLetterView(letter({ kind: 'sync-page', incidentId: 'inc-1' }))).not.toHaveProperty('summary');
  });
});
