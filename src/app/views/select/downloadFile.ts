/**
 * Save `content` as a file through the browser's download, without a server round trip: the
 * data never leaves the machine. The object URL is revoked on the next task, after the click
 * has started the download.
 */
export function downloadFile(name: string, content: Blob | string, type = 'text/plain;charset=utf-8'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name from user text (teacher names, ids): path separators and control characters removed. */
export function safeFileName(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 120) || 'export';
}
