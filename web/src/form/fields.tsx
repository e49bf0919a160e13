/**
 * Form controls bound to a path of the definition being edited. Each shows its own error (the
 * API's message naming that path) right below it, linked with aria-describedby.
 */
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { getPath, numberList, textOf, type Doc, type Json } from './model.js';

export interface FormApi {
  readonly doc: Doc;
  set(path: string, value: Json | undefined): void;
  errorFor(path: string): string | undefined;
  /** Fields register while rendering, so an API message can be put next to the field it names. */
  register(path: string): void;
  /**
   * What the form itself cannot turn into the definition (a header line without ':'): shown next
   * to the field once a save was tried, and no save is sent while it stands. `undefined` clears it.
   */
  invalid(path: string, message: string | undefined): void;
}

export const FormContext = createContext<FormApi>(null as unknown as FormApi);
export const useForm = () => useContext(FormContext);

/** A list item as typed: numbers and names as they are, a monthly occurrence as `fri#2`. */
function itemText(x: Json): string {
  if (x && typeof x === 'object' && !Array.isArray(x) && typeof x['day'] === 'string')
    return x['occurrence'] === undefined
      ? x['day'].slice(0, 3)
      : `${x['day'].slice(0, 3)}#${textOf(x['occurrence'])}`;
  return textOf(x);
}

const idOf = (path: string) => `f-${path.replace(/\./g, '-')}`;

interface FieldProps {
  readonly path: string;
  readonly label: string;
  readonly hint?: ComponentChildren;
  readonly children: ComponentChildren;
  readonly wide?: boolean;
}

export function Field({ path, label, hint, children, wide }: FieldProps) {
  const f = useForm();
  f.register(path);
  const error = f.errorFor(path);
  return (
    <div class={`field${error ? ' invalid' : ''}${wide ? ' wide' : ''}`} data-field={path}>
      <label for={idOf(path)}>{label}</label>
      {children}
      {hint && (
        <small class="hint" id={`${idOf(path)}-hint`}>
          {hint}
        </small>
      )}
      <span
        class="field-error"
        id={`${idOf(path)}-error`}
        data-error-for={path}
        role={error ? 'alert' : undefined}
      >
        {error ?? ''}
      </span>
    </div>
  );
}

const aria = (path: string, error: string | undefined, hint?: ComponentChildren) => ({
  id: idOf(path),
  name: path,
  'aria-invalid': error ? true : undefined,
  'aria-describedby': hint ? `${idOf(path)}-error ${idOf(path)}-hint` : `${idOf(path)}-error`,
});

interface TextProps {
  readonly path: string;
  readonly label: string;
  readonly hint?: ComponentChildren;
  readonly placeholder?: string;
  readonly type?: 'text' | 'number' | 'password';
  readonly multiline?: boolean;
  readonly wide?: boolean;
}

/** A string (or number, for type=number) member; empty removes it. */
export function TextField({ path, label, hint, placeholder, type = 'text', multiline, wide }: TextProps) {
  const f = useForm();
  const v = getPath(f.doc, path);
  const value = textOf(v);
  // A number field the browser cannot read ("1e") reads as empty: saved so, the member would be
  // dropped (a count gone, a job without end). It is refused instead, under the field.
  useEffect(() => () => f.invalid(path, undefined), [path]);
  const onInput = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const raw = input.value;
    f.invalid(path, input.validity?.badInput ? `${path}: what is typed is not a number` : undefined);
    f.set(path, type === 'number' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw);
  };
  const props = { ...aria(path, f.errorFor(path), hint), value, placeholder, onInput };
  return (
    <Field path={path} label={label} hint={hint} wide={wide ?? multiline}>
      {multiline ? (
        <textarea rows={4} {...props} />
      ) : type === 'password' ? (
        <input type="password" autocomplete="off" {...props} />
      ) : type === 'number' ? (
        <input type="number" autocomplete="off" {...props} />
      ) : (
        <input type="text" autocomplete="off" {...props} />
      )}
    </Field>
  );
}

export function SelectField({
  path,
  label,
  options,
  hint,
  onPick,
}: {
  path: string;
  label: string;
  options: readonly (readonly [string, string])[];
  hint?: ComponentChildren;
  onPick?: (v: string) => void;
}) {
  const f = useForm();
  const v = getPath(f.doc, path);
  return (
    <Field path={path} label={label} hint={hint}>
      <select
        {...aria(path, f.errorFor(path), hint)}
        value={textOf(v)}
        onChange={(e) => (onPick ? onPick(e.currentTarget.value) : f.set(path, e.currentTarget.value))}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * A list typed as text ("9, 17"): the text is kept while typing, the member gets the parsed list.
 * `item` maps each entry (e.g. "mon" → "monday").
 */
export function ListField({
  path,
  label,
  hint,
  placeholder,
  item,
}: TextProps & { item?: (s: string) => Json }) {
  const f = useForm();
  const v = getPath(f.doc, path);
  const shown = Array.isArray(v) ? v.map(itemText).join(', ') : '';
  const [text, setText] = useState<string | undefined>(undefined);
  return (
    <Field path={path} label={label} hint={hint}>
      <input
        {...aria(path, f.errorFor(path), hint)}
        value={text ?? shown}
        placeholder={placeholder}
        autocomplete="off"
        onInput={(e) => {
          const raw = e.currentTarget.value;
          setText(raw);
          // Items are separated by commas or spaces; spaces around an item's '#' belong to it
          // ("fri # 2" is fri#2, not three items).
          const list = item
            ? raw
                .replace(/\s*#\s*/g, '#')
                .split(/[\s,]+/)
                .filter(Boolean)
                .map(item)
            : numberList(raw);
          f.set(path, list && list.length ? list : undefined);
        }}
        onBlur={() => setText(undefined)}
      />
    </Field>
  );
}

/**
 * `Name: value` lines as a map, or the message naming the first line that has no ':' (a line
 * without one is a typing slip, not a header with an empty value: `Name:` is that) or repeats a
 * name (a map holds one value per name: the form would keep the last and drop the others unsaid).
 * Header names are compared ignoring case, as HTTP and the API compare them.
 */
export function parseMapLines(raw: string, path: string): { map: Json | undefined; error?: string } {
  const lines = raw.split('\n').map((l) => l.trim());
  const entries: [string, string][] = [];
  const seen = new Map<string, number>();
  const fold = path.endsWith('.headers') ? (n: string) => n.toLowerCase() : (n: string) => n;
  for (const [i, l] of lines.entries()) {
    if (l === '') continue;
    const at = l.indexOf(':');
    if (at < 0)
      return { map: undefined, error: `${path}: line ${i + 1} '${l}' has no ':'; write 'Name: value'` };
    const name = l.slice(0, at).trim();
    const first = seen.get(fold(name));
    if (first !== undefined)
      return {
        map: undefined,
        error: `${path}: line ${i + 1} repeats the name '${name}' of line ${first}; give each name one line`,
      };
    seen.set(fold(name), i + 1);
    entries.push([name, l.slice(at + 1).trim()]);
  }
  return { map: entries.length ? Object.fromEntries(entries) : undefined };
}

/** A name → value map (headers, custom properties) typed as "Name: value" lines. */
export function MapField({ path, label, hint }: { path: string; label: string; hint?: ComponentChildren }) {
  const f = useForm();
  const v = getPath(f.doc, path);
  const shown =
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.entries(v)
          .map(([k, x]) => `${k}: ${textOf(x)}`)
          .join('\n')
      : '';
  const [text, setText] = useState<string | undefined>(undefined);
  // A field that goes away (another action type) takes its complaint with it.
  useEffect(() => () => f.invalid(path, undefined), [path]);
  return (
    <Field path={path} label={label} hint={hint} wide>
      <textarea
        {...aria(path, f.errorFor(path), hint)}
        rows={3}
        value={text ?? shown}
        placeholder="Name: value (one per line)"
        onInput={(e) => {
          const raw = e.currentTarget.value;
          setText(raw);
          const parsed = parseMapLines(raw, path);
          if (parsed.error === undefined) f.set(path, parsed.map);
          f.invalid(path, parsed.error);
        }}
        // The text stays as typed while it cannot be read, so the line named can be fixed.
        onBlur={() => setText((t) => (t !== undefined && parseMapLines(t, path).error ? t : undefined))}
      />
    </Field>
  );
}
