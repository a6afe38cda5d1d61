import { useI18n } from '../i18n/i18n-context';

/** An instant in the user's zone and language; `dateTime` keeps the ISO value for tests and assistive tech. */
export function Time({ iso, testId }: { iso: string; testId?: string }) {
  const { time } = useI18n();
  return (
    <time dateTime={iso} data-testid={testId}>
      {time(iso)}
    </time>
  );
}
