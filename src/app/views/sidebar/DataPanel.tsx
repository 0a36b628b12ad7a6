import { useEffect, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { collectDroppedFiles, pickedFiles } from '../../input/collectDroppedFiles';
import { loadDemoData } from '../../input/loadDataset';
import { loadDroppedFiles } from '../../input/loadDroppedFiles';
import { useLensStore } from '../../store/useLensStore';
import { formatPlural } from '../ui/format';
import { MiddleEllipsis } from '../ui/MiddleEllipsis';

/** Unload one file, with Undo in the notice. */
function removeFile(name: string) {
  const s = useLensStore.getState();
  const snapshot = s.fileRemoved(name);
  s.noticeAdded('info', `Removed ${name}.`, { topic: 'undo', action: { label: 'Undo', run: () => useLensStore.getState().snapshotRestored(snapshot) } });
}

/** Forget every file and its results, with Undo in the notice (results stay cached either way). */
function clearData() {
  const s = useLensStore.getState();
  const snapshot = s.datasetCleared();
  const n = snapshot.files.length;
  s.noticeAdded('info', `Cleared ${formatPlural(n, 'file', 'files')} (${formatPlural(snapshot.trajectories.length, 'trajectory', 'trajectories')}).`, {
    topic: 'undo',
    action: { label: 'Undo', run: () => useLensStore.getState().snapshotRestored(snapshot) },
  });
}

/** Drop zone, file picker, demo button and the list of loaded files (each removable). */
export function DataPanel() {
  const { files, parsing, isRunning } = useLensStore(useShallow((s) => ({ files: s.files, parsing: s.parsing, isRunning: s.runState !== 'idle' })));
  const [isOver, setIsOver] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not in React's typings: lets the picker choose a whole folder, with relative paths.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const picked = pickedFiles(e.currentTarget.files);
    // Cleared, so that picking the same files again is a change too.
    e.currentTarget.value = '';
    void loadDroppedFiles(picked);
  };

  // Replacing data under a running scorer would mix results of old and new records.
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setIsOver(false);
    if (isRunning) return;
    void collectDroppedFiles(e.dataTransfer).then(loadDroppedFiles);
  };

  return (
    <section className="panel" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      <div
        className={`dropzone${isOver ? ' is-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = isRunning ? 'none' : 'copy';
          setIsOver(true);
        }}
        onDragLeave={() => setIsOver(false)}
        onDrop={onDrop}
      >
        <p className="dropzone-title">Drop teacher files here</p>
        <p className="hint">
          JSONL, JSON or parquet (gzipped too) with chat <code>messages</code>, ShareGPT <code>conversations</code> or prompt/response fields;
          each file (or <code>teacher</code> field, or folder in the RSR_data layout) is a teacher. Folders are read recursively; the
          reference&rsquo;s output folder (<code>_inferred_data</code>, <code>_sample_metrics</code>) is imported onto them. A model folder
          (config.json, tokenizer files, onnx/) dropped here becomes the student.
        </p>
        <div className="button-row">
          <label className={`button${isRunning ? ' is-disabled' : ''}`}>
            Choose files…
            <input
              className="visually-hidden"
              type="file"
              multiple
              accept=".jsonl,.json,.ndjson,.parquet,.gz"
              disabled={isRunning}
              onChange={onPick}
            />
          </label>
          <label className={`button${isRunning ? ' is-disabled' : ''}`}>
            Choose folder…
            <input
              ref={folderInput}
              className="visually-hidden"
              type="file"
              multiple
              disabled={isRunning}
              onChange={onPick}
            />
          </label>
          <button type="button" className="button" disabled={isRunning} onClick={() => void loadDemoData()}>
            Load demo data
          </button>
        </div>
      </div>
      {(files.length > 0 || parsing.length > 0) && (
        <>
          <ul className="file-list" aria-label="Loaded files">
            {files.map((f) => (
              <li key={f.name}>
                <MiddleEllipsis className="file-name" text={f.name} tail={20} />
                <span className="muted">
                  {formatPlural(f.trajectories, 'trajectory', 'trajectories')}
                  {f.errors ? ` · ${formatPlural(f.errors, 'error', 'errors')}` : ''}
                </span>
                <button type="button" className="icon-button" aria-label={`Remove ${f.name}`} title={`Remove ${f.name}`} disabled={isRunning} onClick={() => removeFile(f.name)}>
                  ×
                </button>
              </li>
            ))}
            {parsing
              .filter((p) => !files.some((f) => f.name === p))
              .map((p) => (
                <li key={`parsing-${p}`}>
                  <span className="file-name">{p}</span>
                  <span className="muted">reading…</span>
                </li>
              ))}
          </ul>
          <button type="button" className="button button-quiet" disabled={isRunning} onClick={clearData}>
            Clear data
          </button>
        </>
      )}
    </section>
  );
}
