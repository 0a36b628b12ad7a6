import { parseArgs } from 'node:util';
import { formatSize } from '../core/score/deviceLimits';
import { hubIdProblem } from '../core/score/hubRepo';
import { cachedModels, hubCacheRoot, removeCachedModel } from './hubCache';
import { printable } from './terminalText';
import { UsageError } from './usageError';
import { plural } from '../core/plural';

/**
 * `rsr-lens cache list` shows the Hub models downloaded into the cache (id, files, size, folder);
 * `rsr-lens cache rm ID...` forgets them, so the next run downloads them afresh. Only the cache's
 * own model folders are ever removed: each is found from a checked id (hubCache.ts).
 */
export async function runCache(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const [action, ...ids] = positionals;
  if (action === 'list') {
    if (ids.length) throw new UsageError('cache list takes no arguments');
    const models = await cachedModels();
    process.stdout.write(`${printable(hubCacheRoot())}: ${plural(models.length, 'model', 'models')}\n`);
    for (const m of models) process.stdout.write(`  ${printable(m.id).padEnd(48)} ${String(m.files).padStart(4)} files  ${formatSize(m.bytes).padStart(9)}  ${printable(m.dir)}\n`);
    return 0;
  }
  if (action === 'rm') {
    if (!ids.length) throw new UsageError('cache rm needs the Hub id of a downloaded model (rsr-lens cache list shows them)');
    for (const id of ids) if (hubIdProblem(id)) throw new UsageError(`"${id}" is not a Hub model id: ${hubIdProblem(id)}`);
    let code = 0;
    for (const id of ids) {
      const removed = await removeCachedModel(id);
      if (removed) process.stderr.write(`removed ${printable(id)}: ${removed.files} files, ${formatSize(removed.bytes)} (${printable(removed.dir)})\n`);
      else {
        process.stderr.write(`rsr-lens: ${printable(id)} is not in the cache (${printable(hubCacheRoot())}); rsr-lens cache list shows what is\n`);
        code = 1;
      }
    }
    return code;
  }
  throw new UsageError(action ? `unknown cache action "${action}": use cache list or cache rm ID` : 'cache needs an action: cache list, or cache rm ID');
}
