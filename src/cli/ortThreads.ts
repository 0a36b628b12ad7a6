import { UsageError } from './usageError';

/**
 * ONNX Runtime's intra-op threads for the student's session, from RSR_LENS_THREADS; undefined
 * leaves the runtime's default (one per physical core). Several runs sharing a machine (jobs on one
 * node, the test suite's two files at a time) each take fewer: more threads than free cores spin
 * waiting for each other (measured: twice the CPU time for the same scores on two busy cores).
 */
export function ortThreads(value: string | undefined = process.env.RSR_LENS_THREADS): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\s*[1-9]\d{0,3}\s*$/.test(value)) throw new UsageError(`RSR_LENS_THREADS must be a whole number > 0 (the threads each model session may use), got ${JSON.stringify(value)}`, false);
  return Number(value);
}
