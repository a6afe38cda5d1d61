/**
 * Adds a note to the incident's timeline: free text (shown as text everywhere), at most NOTE_MAX_CHARS characters
 * after trimming, with the count left said next to the field. Ctrl/⌘+Enter adds it from the keyboard too.
 */
import { useEffect, useId, useState } from 'react';
import { NOTE_MAX_CHARS } from '@shared/incident-actions';
import { Button } from '@ui/components/button';
import { useI18n } from '@ui/i18n/i18n-context';
import { usePanelActions } from './panel-actions';

export function NoteForm() {
  const { t } = useI18n();
  const { busy, run } = usePanelActions();
  const [text, setText] = useState('');
  const [added, setAdded] = useState(false);
  const id = useId();
  useEffect(() => {
    // another action since: the word about the note is stale
    if (busy !== undefined && busy !== 'addTimelineNote') setAdded(false);
  }, [busy]);
  useEffect(() => {
    if (!added) return;
    const timer = setTimeout(() => setAdded(false), 5000);
    return () => clearTimeout(timer);
  }, [added]);
  const length = text.trim().length;
  const left = NOTE_MAX_CHARS - length;
  const canAdd = length > 0 && left >= 0 && busy === undefined;
  const add = async () => {
    if (!canAdd) return;
    const result = await run('addTimelineNote', { text: text.trim() });
    if (result.ok) {
      setText('');
      setAdded(true);
    }
  };
  return (
    <form
      className="kz-note"
      data-testid="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <label htmlFor={id} className="kz-sr-only">
        {t('panel.note.label')}
      </label>
      <textarea
        id={id}
        className="kz-textarea"
        rows={3}
        value={text}
        placeholder={t('panel.note.placeholder')}
        aria-describedby={`${id}-count`}
        aria-invalid={left < 0 || undefined}
        data-testid="note-input"
        onChange={(e) => {
          setText(e.currentTarget.value);
          setAdded(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void add();
          }
        }}
      />
      <div className="kz-row kz-row--between">
        <span id={`${id}-count`} className={`kz-small ${left < 0 ? 'kz-text-danger' : 'kz-subtle'}`} data-testid="note-count" data-left={left}>
          {left < 0 ? t('panel.note.over', { count: -left }) : t('panel.note.left', { count: left })}
        </span>
        <Button type="submit" testId="note-add" busy={busy === 'addTimelineNote'} disabled={!canAdd}>
          {t('panel.note.add')}
        </Button>
      </div>
      <p className="kz-small kz-text-success" role="status" data-testid="note-added">
        {added ? t('panel.note.added') : ''}
      </p>
    </form>
  );
}
