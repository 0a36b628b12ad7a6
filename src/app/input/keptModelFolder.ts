import { openLensDb } from '../cache/lensDb';
import type { StoredModelFolder } from '../cache/storedSession';
import { useLensStore } from '../store/useLensStore';
import type { DroppedFile } from './collectDroppedFiles';
import { readModelFolder } from './readModelFolder';

/**
 * The dropped model folder, remembered for the next visit. A browser keeps no dropped or picked
 * file between visits, but Chromium gives a dropped folder as a File System Access handle, which
 * IndexedDB can keep; reading it again needs the user's permission (a click). Without a handle (a
 * folder picked with the file input, or another browser) its name is kept, so the next visit can
 * ask for that folder by name instead of silently falling back.
 */

const KEY = 'dropped';

export async function keepModelFolder(folder: StoredModelFolder): Promise<void> {
  try {
    await (await openLensDb()).put('models', folder, KEY);
  } catch (e) {
    console.warn('could not remember the model folder', e);
  }
}

async function readKeptModelFolder(): Promise<StoredModelFolder | null> {
  try {
    const v: unknown = await (await openLensDb()).get('models', KEY);
    if (typeof v !== 'object' || v === null || typeof (v as StoredModelFolder).name !== 'string') return null;
    const { name, handle } = v as StoredModelFolder;
    return { name, ...(typeof FileSystemDirectoryHandle !== 'undefined' && handle instanceof FileSystemDirectoryHandle && { handle }) };
  } catch {
    return null;
  }
}

/** Every file under a directory handle, with its path relative to it. */
async function filesOf(dir: FileSystemDirectoryHandle, prefix = ''): Promise<DroppedFile[]> {
  const out: DroppedFile[] = [];
  for await (const entry of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
    if (entry.kind === 'file') out.push({ path: `${prefix}${entry.name}`, file: await (entry as FileSystemFileHandle).getFile() });
    else out.push(...(await filesOf(entry as FileSystemDirectoryHandle, `${prefix}${entry.name}/`)));
  }
  return out;
}

/** Read the kept folder again (asking the user's permission, so call it from a click) and make it the student. */
async function useKeptFolder(folder: Required<Pick<StoredModelFolder, 'name' | 'handle'>>): Promise<void> {
  const store = useLensStore.getState();
  try {
    const handle = folder.handle as FileSystemDirectoryHandle & { requestPermission?: (d: { mode: 'read' }) => Promise<PermissionState> };
    const permission = (await handle.requestPermission?.({ mode: 'read' })) ?? 'granted';
    if (permission !== 'granted') throw new Error('the browser was not allowed to read it');
    const model = await readModelFolder(folder.name, await filesOf(handle));
    store.modelFolderDropped(model);
    store.noticeAdded('info', `Student set to the model folder "${model.name}" again (${Object.keys(model.files).length} files).`, { topic: 'kept-model' });
  } catch (e) {
    store.noticeAdded('error', `Could not read the model folder "${folder.name}" again: ${e instanceof Error ? e.message : String(e)}. Drop it again.`, { topic: 'kept-model' });
  }
}

/**
 * At start-up: the URL says the student is a dropped folder, but this visit has none. Offer the
 * kept handle back (one click), or name the folder to pick again.
 */
export async function offerKeptModelFolder(): Promise<void> {
  const s = useLensStore.getState();
  if (s.student !== 'files' || s.droppedModel) return;
  const kept = await readKeptModelFolder();
  if (!kept) return;
  if (kept.handle) {
    const handle = kept.handle;
    s.noticeAdded('info', `The student was the model folder "${kept.name}" you dropped. The browser can read it again with your permission.`, {
      topic: 'kept-model',
      action: { label: `Use "${kept.name}" again`, run: () => void useKeptFolder({ name: kept.name, handle }) },
    });
  } else {
    s.noticeAdded('warning', `The student was the model folder "${kept.name}": a browser keeps no picked folder between visits. Drop "${kept.name}" again, or pick it with Choose model folder… (dropping it lets the next visit reopen it with one click).`, { topic: 'kept-model' });
  }
}
