/** One setting on the options page: its effective value, where it comes from, and an editor when unlocked. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import { displayJson, type Field } from '@/lib/policy/options-fields';

export type ValueSource = 'policy' | 'options' | 'default';

interface Props {
  field: Field;
  /** Effective value. */
  value: unknown;
  source: ValueSource;
  /** Save a new option value (undefined: back to the default). Resolves to an error message or null. */
  onSave: (value: unknown) => Promise<string | null>;
}

const MASK = '••••••••';

/** Text shown in the editor for a value. */
function toText(field: Field, value: unknown): string {
  if (field.kind === 'json') return displayJson(value, field.secret);
  if (field.kind === 'ids') return (value as string[]).join(', ');
  return value === undefined ? '' : String(value);
}

/** The editor's text as a setting value; `{ error }` when it cannot be one. */
function fromText(field: Field, text: string, current: unknown): { value: unknown } | { error: string } {
  const s = text.trim();
  if (s === '') return { value: undefined };
  if (field.kind === 'int') return /^-?\d+$/.test(s) ? { value: Number(s) } : { value: s };
  if (field.kind === 'ids') return { value: s.split(',').map((x) => x.trim()).filter(Boolean) };
  if (field.kind === 'json') {
    try {
      const v = JSON.parse(s) as unknown;
      // A masked token the agent did not change keeps the stored one.
      const cur = current as { token?: unknown } | undefined;
      if (field.secret && v && typeof v === 'object' && (v as { token?: unknown }).token === MASK) return { value: { ...v, token: cur?.token } };
      return { value: v };
    } catch {
      return { error: t('options_badJson') };
    }
  }
  return { value: s };
}

/** Root of one field row. */
export function OptionsField({ field, value, source, onSave }: Props) {
  const id = `f-${field.path.replaceAll('.', '-')}`;
  const locked = source === 'policy';
  const [text, setText] = useState(toText(field, value));
  const [status, setStatus] = useState<{ ok: boolean; msg: string } | null>(null);
  useEffect(() => setText(toText(field, value)), [JSON.stringify(value)]);

  const save = async (v: unknown): Promise<void> => {
    const error = await onSave(v);
    setStatus(error ? { ok: false, msg: t('options_notSaved', error) } : { ok: true, msg: t('options_saved', t(field.label)) });
  };
  const saveText = (raw: string): void => {
    const parsed = fromText(field, raw, value);
    if ('error' in parsed) setStatus({ ok: false, msg: t('options_notSaved', parsed.error) });
    else void save(parsed.value);
  };
  const describedBy = [locked ? `${id}-locked` : '', status ? `${id}-status` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, disabled: locked, 'aria-describedby': describedBy, 'aria-invalid': status?.ok === false ? true : undefined };

  let editor;
  if (field.kind === 'bool') {
    editor = <input type="checkbox" {...common} checked={value === true} onChange={(e) => void save((e.currentTarget as HTMLInputElement).checked)} />;
  } else if (field.kind === 'select') {
    editor = (
      <select {...common} value={String(value)} onChange={(e) => void save((e.currentTarget as HTMLSelectElement).value)}>
        {field.choices?.map((c) => <option key={c.value} value={c.value}>{t(c.label)}</option>)}
      </select>
    );
  } else if (field.kind === 'multi') {
    const selected = new Set(value as string[]);
    const toggle = (v: string, on: boolean): void => void save(field.choices?.map((c) => c.value).filter((c) => (c === v ? on : selected.has(c))));
    editor = (
      <div role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy} class="choices">
        {field.choices?.map((c) => (
          <label key={c.value}>
            <input type="checkbox" disabled={locked} checked={selected.has(c.value)} onChange={(e) => toggle(c.value, (e.currentTarget as HTMLInputElement).checked)} /> {t(c.label)}
          </label>
        ))}
      </div>
    );
  } else if (field.kind === 'json') {
    editor = <textarea {...common} rows={Math.min(12, text.split('\n').length + 1)} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} onChange={(e) => saveText((e.currentTarget as HTMLTextAreaElement).value)} />;
  } else {
    const handlers = {
      value: text,
      onInput: (e: Event) => setText((e.currentTarget as HTMLInputElement).value),
      onChange: (e: Event) => saveText((e.currentTarget as HTMLInputElement).value),
    };
    editor = field.kind === 'int' ? <input type="number" {...common} {...handlers} /> : <input type="text" {...common} {...handlers} />;
  }

  return (
    <div class={`field${locked ? ' locked' : ''}`} data-path={field.path} data-source={source}>
      {field.kind === 'multi' ? <span class="label" id={`${id}-label`}>{t(field.label)}</span> : <label class="label" id={`${id}-label`} for={id}>{t(field.label)}</label>}
      {editor}
      <span class="source" id={locked ? `${id}-locked` : undefined}>
        {locked ? t('options_locked') : source === 'options' ? t('options_source_options') : t('options_source_default')}
      </span>
      {source === 'options' && <button type="button" class="link" onClick={() => void save(undefined)}>{t('options_reset')}</button>}
      {status && <span id={`${id}-status`} class={status.ok ? 'ok' : 'bad'} role={status.ok ? 'status' : 'alert'}>{status.msg}</span>}
    </div>
  );
}
