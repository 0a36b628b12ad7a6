import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromiumArgs';
import { pickFiles, scoreAll } from './helpers';
import { INPUT_ONE, type Reference, expectLikeReference, serveHub, studentsRoot, wasmReferences } from './layoutHelpers';

test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] } });

let reference: Map<string, Reference>;
test.beforeAll(() => {
  reference = wasmReferences(['q4']);
});

async function hasAdapter(page: import('@playwright/test').Page): Promise<boolean> {
  await page.goto('/');
  return page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()));
}

// SwiftShader's WebGPU computes in float32 with its own kernels (MatMulNBits, TopK, the reductions):
// the existing WebGPU check's bound, 1e-3 nats, and the same clipped ranks.
test('q4 (MatMulNBits) scores a conversation on WebGPU like JavaScript on the CPU, within 1e-3 nats', async ({ page, context }) => {
  test.setTimeout(600_000);
  test.skip(!(await hasAdapter(page)), 'this Chromium exposes no WebGPU adapter, even with --enable-unsafe-webgpu');
  await serveHub(context, { 'rsr-test/only-q4': path.join(studentsRoot(), 'q4') });
  await page.goto('/?device=webgpu&model=hub:rsr-test/only-q4');
  await pickFiles(page, [INPUT_ONE]);
  await scoreAll(page, 1, 500_000);
  await expect(page.getByText(/Loaded: .* · q4 · webgpu · in-graph/)).toBeVisible();
  await expectLikeReference(page, reference.get('q4')!, { surprisal: 1e-3, rsr: 1e-3 }, ['terse']);
});
