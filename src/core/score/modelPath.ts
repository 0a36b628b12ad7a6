import { StudentError } from './studentError';

/**
 * Why a path a model names is not a plain relative path inside the model's folder; undefined when
 * it is one. A model is data: its external-data `location`s, GenAI's decoder filename and the like
 * come from whoever made the files, and are used both as a path on disk (the CLI, the Hub cache)
 * and as the end of a URL (the Hub, the app's server). So the only paths accepted are those that
 * mean the same thing in both: segments of ordinary characters joined by `/`. Refused: `..` and
 * `.` segments (a URL and a path resolve them differently, and `..` leaves the folder), an absolute
 * path, a drive letter or any `:`, a backslash (a separator on Windows), `?` and `#` (a URL drops
 * what follows them while a path keeps it), `%` (a URL decodes `%2e%2e` to `..`), empty segments,
 * and control characters (NUL ends a C string early).
 */
export function modelPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return `is ${path === null ? 'null' : typeof path}, not a path`;
  if (path === '') return 'is empty';
  if (path.length > 1024) return `is ${path.length} characters long`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'holds a control character';
  if (path.startsWith('/')) return 'is an absolute path';
  const segments = path.split('/');
  if (segments.includes('..')) return 'climbs out of the folder with ".."';
  if (path.includes('\\')) return 'holds a backslash';
  if (/[?#%]/.test(path)) return `holds "${/[?#%]/.exec(path)![0]}", which a URL reads differently from a file name`;
  if (path.includes(':')) return 'holds ":" (a drive letter or a URL scheme)';
  if (segments.includes('.')) return 'holds a "." segment';
  if (segments.includes('')) return 'holds an empty segment ("//" or a trailing "/")';
  return undefined;
}

/**
 * `path` when it is a plain relative path inside the model's folder (see modelPathProblem), else a
 * StudentError naming the file that holds it and the entry that names it, e.g.
 * `onnx/model.onnx: initializer "w0" external data location "../../x" climbs out of …: refused`.
 * Checked before anything is read or written under that name.
 */
export function checkModelPath(path: unknown, file: string, entry: string): string {
  const problem = modelPathProblem(path);
  if (problem) {
    throw new StudentError(`${file}: ${entry} ${JSON.stringify(path)} ${problem}: a model may only name files inside its own folder (a plain relative path such as onnx/model.onnx_data); refused before anything was read`, 'refused');
  }
  return path as string;
}
