/**
 * A failed write as the user needs it: which file, and for a full disk (ENOSPC, or a quota:
 * EDQUOT) that the journal keeps what was scored and --resume continues once there is room.
 * Node's own message ("ENOSPC: no space left on device, write") names neither.
 */
export function writeFailure(err: unknown, file: string, { canResume = true } = {}): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    const then = canResume ? 'then run the same command with --resume; what was scored so far is kept' : 'then run the same command again';
    return new Error(`no space left on the device while writing ${file} (${code}): free some space, ${then}`);
  }
  return new Error(`cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
}
