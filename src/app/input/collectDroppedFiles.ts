/** A dropped or picked file with its path relative to what was dropped ("model/onnx/model.onnx"). */
export interface DroppedFile {
  path: string;
  file: File;
  /** The dropped folder it came from, as a File System Access handle (Chromium, drops only): what lets a later visit read the folder again. */
  root?: FileSystemDirectoryHandle;
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries hands out directory contents in batches (100 in Chromium) until an empty one.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: DroppedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries((entry as FileSystemDirectoryEntry).createReader())) await walk(child, out);
  }
}

/**
 * Every file in a drop, folders walked recursively. The entries are taken synchronously, before
 * the first await: a DataTransfer is emptied as soon as the drop handler returns.
 */
export function collectDroppedFiles(dt: DataTransfer): Promise<DroppedFile[]> {
  const items = [...dt.items];
  const entries = items.map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  // Asked for now too, for the same reason; resolved later.
  const handles = items.map((item) => (item as DataTransferItem & { getAsFileSystemHandle?: () => Promise<FileSystemHandle | null> }).getAsFileSystemHandle?.().catch(() => null));
  if (!entries.length) return Promise.resolve([...dt.files].map((file) => ({ path: file.name, file })));
  return (async () => {
    const out: DroppedFile[] = [];
    for (const e of entries) await walk(e, out);
    const roots = new Map<string, FileSystemDirectoryHandle>();
    for (const h of await Promise.all(handles)) if (h?.kind === 'directory') roots.set(h.name, h as FileSystemDirectoryHandle);
    return roots.size ? out.map((f) => ({ ...f, root: roots.get(f.path.split('/')[0]) })) : out;
  })();
}

/** Files from an `<input type=file>` (with `webkitdirectory`, paths include the folder). */
export function pickedFiles(list: FileList | null): DroppedFile[] {
  return [...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}
