import { checkModelPath } from './modelPath';
import { StudentError } from './studentError';

/**
 * Why a string is not a Hugging Face Hub model id; undefined when it is one. The Hub's own rules, as
 * huggingface_hub's `validate_repo_id` states them (utils/_validators.py): `name` or
 * `namespace/name`, each part of letters, digits, `-`, `_` and `.` that starts and ends with a
 * letter, digit or `_`, the name at most 96 characters, no `--` or `..` anywhere, not ending in
 * `.git`. Its `\w` also takes non-ASCII letters; only ASCII is taken here, as the Hub's ids are.
 * An id is used in URLs and, by the CLI, as two folders of its cache: these rules keep both plain.
 */
export function hubIdProblem(id: string): string | undefined {
  const parts = id.split('/');
  if (parts.length > 2) return 'a Hub id is "name" or "namespace/name"';
  const part = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
  if (!parts.every((p) => part.test(p))) return 'a Hub id uses letters, digits, "-", "_" and "." and starts and ends with a letter or digit';
  if (parts.at(-1)!.length > 96) return 'a Hub model name has at most 96 characters';
  if (id.includes('--') || id.includes('..')) return 'a Hub id cannot hold "--" or ".."';
  if (id.endsWith('.git')) return 'a Hub id cannot end in ".git"';
  return undefined;
}

/**
 * Why a string is not a revision the Hub could have (a branch, a tag, `refs/pr/1`, a commit);
 * undefined when it could. Git's ref rules, restricted to plain characters: `/`-separated segments
 * of letters, digits, `-`, `_` and `.`, none starting with `.` or ending in `.lock`, no `..`.
 */
export function hubRevisionProblem(revision: string): string | undefined {
  if (!revision || revision.length > 255) return 'a revision is 1 to 255 characters';
  const segments = revision.split('/');
  const ok = segments.every((s) => /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(s) && !s.endsWith('.lock'));
  if (!ok || revision.includes('..')) return 'a revision is a branch, tag or commit: letters, digits, "-", "_", "." and "/" between names';
  return undefined;
}

/** `id` when it is a Hub model id, else a StudentError saying why. */
export function checkHubId(id: string): string {
  const problem = hubIdProblem(id);
  if (problem) throw new StudentError(`"${id}" is not a Hub model id: ${problem}`, 'refused');
  return id;
}

/** `revision` when the Hub could have it, else a StudentError saying why. */
export function checkHubRevision(revision: string): string {
  const problem = hubRevisionProblem(revision);
  if (problem) throw new StudentError(`"${revision}" is not a Hub revision: ${problem}`, 'refused');
  return revision;
}

/**
 * The URL of a file of a Hub model, from checked parts only: the id and revision by the Hub's rules
 * (a revision with `/` is one path segment, encoded as huggingface_hub does), the file a plain
 * relative path, each segment encoded. No part can move the URL off `/<id>/resolve/<revision>/`.
 */
export function hubFileUrl(endpoint: string, id: string, revision: string, file: string): string {
  checkHubId(id);
  checkHubRevision(revision);
  checkModelPath(file, id, 'the file');
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  return `${endpoint.replace(/\/+$/, '')}/${id}/resolve/${encodeURIComponent(revision)}/${encoded}`;
}

/** The Hub's tree API for a model at a revision: every file with its size (and an LFS file's sha256). */
export function hubTreeUrl(endpoint: string, id: string, revision: string): string {
  checkHubId(id);
  checkHubRevision(revision);
  return `${endpoint.replace(/\/+$/, '')}/api/models/${id}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

/** One file of the Hub's tree listing: its size, and the sha256 of its contents when it is stored in LFS. */
export interface HubFileInfo {
  size: number;
  sha256?: string;
}

/**
 * The files of a tree API answer (one page): path → size and, for LFS files, the sha256 the Hub
 * gives as `lfs.oid`. Entries that are not files or name paths a model could not use are left out.
 */
export function hubTreeEntries(entries: unknown): Map<string, HubFileInfo> {
  const files = new Map<string, HubFileInfo>();
  if (!Array.isArray(entries)) return files;
  for (const e of entries as { type?: unknown; path?: unknown; size?: unknown; lfs?: { size?: unknown; oid?: unknown } }[]) {
    if (e?.type !== 'file' || typeof e.path !== 'string') continue;
    const size = Number(e.lfs?.size ?? e.size);
    if (!Number.isSafeInteger(size) || size < 0) continue;
    const oid = typeof e.lfs?.oid === 'string' && /^[0-9a-f]{64}$/.test(e.lfs.oid) ? e.lfs.oid : undefined;
    files.set(e.path, { size, ...(oid && { sha256: oid }) });
  }
  return files;
}
