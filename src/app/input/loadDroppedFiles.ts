import { plural } from '../../core/plural';
import { useLensStore } from '../store/useLensStore';
import type { DroppedFile } from './collectDroppedFiles';
import { importResultsFiles } from './importResultsFiles';
import { keepModelFolder } from './keptModelFolder';
import { loadTrajectoryFiles } from './loadDataset';
import { readModelFolder } from './readModelFolder';
import { splitDroppedFiles } from './splitDroppedFiles';

/**
 * A drop or a pick: trajectory files load as data; results — of the reference's output tree by
 * their place, any other by their bytes — are imported onto them (after they load: the import
 * joins to them); a model folder becomes the student.
 */
export async function loadDroppedFiles(files: DroppedFile[]): Promise<void> {
  const { trajectoryFiles, resultFiles, model, ignored } = splitDroppedFiles(files);
  const store = useLensStore.getState();
  if (!trajectoryFiles.length && !resultFiles.length && !model) {
    store.noticeAdded(
      'warning',
      `Nothing to load${ignored.length ? ` from ${ignored.join(', ')}` : ''}: drop .jsonl, .json or .parquet trajectory files (or folders of them), the reference’s output folder, or a model folder with config.json.`,
    );
    return;
  }
  if (ignored.length) {
    store.noticeAdded('warning', `Not loaded: ${ignored.join(', ')} — only .jsonl, .ndjson, .json and .parquet files (or .gz of them) hold trajectories (or a model folder with config.json).`);
  }
  const loads: Promise<void>[] = [];
  if (trajectoryFiles.length || resultFiles.length) {
    // Results join to the trajectories, so they come after; so do files that the parse worker
    // found to be results by their bytes (an `_inferred_data` file outside the reference's tree).
    loads.push(
      (trajectoryFiles.length ? loadTrajectoryFiles(trajectoryFiles) : Promise.resolve([])).then((byContent) => {
        const all = [...resultFiles, ...byContent];
        return all.length ? importResultsFiles(all) : undefined;
      }),
    );
  }
  if (model) {
    // A server student takes only the folder's tokenizer: no ONNX file is needed then.
    const forServer = store.student === 'server';
    loads.push(
      readModelFolder(model.name, model.files, { needsOnnx: !forServer }).then(
        (m) => {
          store.modelFolderDropped(m);
          store.noticeAdded(
            'info',
            forServer
              ? `The server student's tokenizer is read from the dropped folder "${m.name}".`
              : `Student set to the dropped model folder "${m.name}" (${plural(Object.keys(m.files).length, 'file', 'files')}, read from your disk as needed).`,
          );
          // Remembered for the next visit: the handle where the browser gave one, else the name to ask for.
          void keepModelFolder({ name: m.name, ...(model.handle && { handle: model.handle }) });
        },
        (e: Error) => store.noticeAdded('error', `Could not use the dropped model: ${e.message}.`),
      ),
    );
  }
  await Promise.all(loads);
}
