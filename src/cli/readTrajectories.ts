import fs from 'node:fs';
import path from 'node:path';
import { parseInput } from '../core/parse/parseInput';
import type { InputError, Trajectory } from '../core/types';

/** Stream each file through the parser (a 500 MB file is never one string); keep where each came from. */
export async function readTrajectories(files: readonly string[]): Promise<{ trajectories: Trajectory[]; errors: InputError[]; pathOf: Map<Trajectory, string> }> {
  const trajectories: Trajectory[] = [];
  const errors: InputError[] = [];
  const pathOf = new Map<Trajectory, string>();
  for (const file of files) {
    const stream = fs.createReadStream(file) as AsyncIterable<Uint8Array>;
    for await (const item of parseInput(stream, path.basename(file))) {
      if (item.kind === 'error') errors.push(item.error);
      else {
        trajectories.push(item.trajectory);
        pathOf.set(item.trajectory, file);
      }
    }
  }
  return { trajectories, errors, pathOf };
}
