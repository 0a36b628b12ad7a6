import { useLensStore } from '../store/useLensStore';
import type { DroppedFile } from './collectDroppedFiles';
import { loadTrajectoryFiles } from './loadDataset';
import { readModelFolder } from './readModelFolder';
import { splitDroppedFiles } from './splitDroppedFiles';

/** A drop or a pick: trajectory files load as data, a model folder becomes the student. */
export async function loadDroppedFiles(files: DroppedFile[]): Promise<void> {
  const { trajectoryFiles, model, ignored } = splitDroppedFiles(files);
  const store = useLensStore.getState();
  if (!trajectoryFiles.length && !model) {
    store.noticeAdded('warning', `Nothing to load${ignored.length ? ` from ${ignored.join(', ')}` : ''}: drop .jsonl, .ndjson or .json trajectory files, or a model folder with config.json.`);
    return;
  }
  if (ignored.length) {
    store.noticeAdded('warning', `Not loaded: ${ignored.join(', ')} — only .jsonl, .ndjson and .json files hold trajectories (or a model folder with config.json).`);
  }
  const loads: Promise<void>[] = [];
  if (trajectoryFiles.length) loads.push(loadTrajectoryFiles(trajectoryFiles));
  if (model) {
    loads.push(
      readModelFolder(model.name, model.files).then(
        (m) => {
          store.modelFolderDropped(m);
          store.noticeAdded('info', `Student set to the dropped model folder "${m.name}" (${Object.keys(m.files).length} files, kept in memory).`);
        },
        (e: Error) => store.noticeAdded('error', `Could not use the dropped model: ${e.message}.`),
      ),
    );
  }
  await Promise.all(loads);
}
