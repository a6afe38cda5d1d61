/**
 * A recommendation's reason (おすすめの理由): one line, trimmed, 1–200 characters — checked here with the rule the
 * resolver uses (`reasonProblem`), the problem shown once the person tried to save. The texts are the view's (the
 * library's catalogue, or the panel's), the classes its styles. Shared by the library row and the incident panel.
 */
import { useId } from 'react';
import { RECOMMEND_REASON_MAX, reasonProblem } from '@shared/library';

export type ReasonProblem = NonNullable<ReturnType<typeof reasonProblem>>;

export interface ReasonFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** The person tried to save: a problem is shown. */
  tried: boolean;
  texts: { label: string; help: string; count: (count: number, max: number) => string; problem: (problem: ReasonProblem, max: number) => string };
  classes: { label: string; input: string; problem: string };
}

export function ReasonField({ value, onChange, tried, texts, classes }: ReasonFieldProps) {
  const ids = { input: useId(), help: useId(), problem: useId() };
  const problem = reasonProblem(value);
  const shown = tried && problem ? problem : undefined;
  const length = [...value.trim()].length;
  return (
    <>
      <label className={classes.label} htmlFor={ids.input}>
        {texts.label}
      </label>
      <input
        id={ids.input}
        className={classes.input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={shown ? true : undefined}
        aria-describedby={`${ids.help}${shown ? ` ${ids.problem}` : ''}`}
        data-testid="recommend-reason"
        autoFocus
      />
      <p id={ids.help} className="kz-small kz-subtle">
        {texts.help} <span data-testid="recommend-count">{texts.count(length, RECOMMEND_REASON_MAX)}</span>
      </p>
      {shown ? (
        <p id={ids.problem} className={classes.problem} role="alert" data-testid="recommend-problem" data-problem={shown}>
          {texts.problem(shown, RECOMMEND_REASON_MAX)}
        </p>
      ) : null}
    </>
  );
}
