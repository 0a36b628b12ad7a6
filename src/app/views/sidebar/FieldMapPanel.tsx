import { useState } from 'react';
import type { FieldMap, MappableField } from '../../../core/parse/fieldMap';
import { loadWithFieldMap } from '../../input/loadDataset';
import type { UnrecognisedFile } from '../../store/datasetSlice';
import { useLensStore } from '../../store/useLensStore';
import { SelectField } from '../ui/SelectField';

/** The fields a user may point at, in the order a conversation is read: the same choice as the CLI's --map. */
const CHOICES: { field: MappableField; label: string }[] = [
  { field: 'prompt', label: 'Prompt (text)' },
  { field: 'response', label: 'Response (text)' },
  { field: 'messages', label: 'Messages (chat list)' },
  { field: 'conversations', label: 'Conversations (ShareGPT)' },
  { field: 'system', label: 'System prompt' },
  { field: 'id', label: 'Id' },
  { field: 'teacher', label: 'Teacher' },
];

/** Files whose fields were not recognised: a sample record, and a select per field to read. */
export function FieldMapPanel() {
  const files = useLensStore((s) => s.unrecognised);
  if (!files.length) return null;
  return (
    <>
      {files.map((f) => (
        <FieldMapForm key={f.name} file={f} />
      ))}
    </>
  );
}

function FieldMapForm({ file }: { file: UnrecognisedFile }) {
  const [map, setMap] = useState<FieldMap>({});
  const dismiss = useLensStore((s) => s.fieldMapDismissed);
  const hasConversation = (map.prompt && map.response) || map.messages || map.conversations;
  const options = [{ value: '', label: '—' }, ...file.fields.map((f) => ({ value: f, label: f }))];
  const spec = Object.entries(map).map(([ours, theirs]) => `${ours}=${theirs}`).join(',');
  return (
    <section className="panel" aria-label={`Fields of ${file.name}`}>
      <h2>Which fields hold the conversation?</h2>
      <p className="hint">
        No record of <span className="mono">{file.name}</span> loaded: it has no <code>messages</code>, <code>conversations</code> or
        prompt/response fields. Its first record:
      </p>
      <pre className="sample-record" aria-label="Sample record">
        {file.sample}
      </pre>
      <div className="field-grid">
        {CHOICES.map((c) => (
          <SelectField
            key={c.field}
            label={c.label}
            value={map[c.field] ?? ''}
            options={options}
            onChange={(v) => setMap(({ [c.field]: _, ...rest }) => (v ? { ...rest, [c.field]: v } : rest))}
          />
        ))}
      </div>
      {spec && (
        <p className="hint">
          The same as the CLI&rsquo;s <code>--map {spec}</code>.
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={!hasConversation} onClick={() => void loadWithFieldMap(file.name, map)}>
          Load with these fields
        </button>
        <button type="button" className="button button-quiet" onClick={() => dismiss(file.name)}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
