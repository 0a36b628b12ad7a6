import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { pickFiles, scoreAll } from './helpers';
import { INPUT, onnxAsked, serveHub, studentsRoot } from './layoutHelpers';

// Issue 8's app side through the stand-in Hub (layoutHelpers.ts): the presets with their download
// per dtype and the dtype auto takes per device; the run panel says which file, dtype, device,
// scoring path and bytes were used, and why numbers are approximate; a student that cannot fit is
// refused before anything large is downloaded.

test('the Hub presets show the download per dtype and auto’s dtype per device, warn when the dtype asked for cannot fit, and a picked preset scores', async ({ page, context }) => {
  // The preset's repo stood in for by a generated folder of four dtypes (the tree API answers).
  const asked = await serveHub(context, { 'onnx-community/Qwen2.5-0.5B-Instruct': path.join(studentsRoot(), 'mixed') }, {});
  await page.goto('/?device=wasm');
  await page.getByLabel('Student model').selectOption('hub');
  const picker = page.getByLabel('Hub student');
  await expect(picker.locator('option')).toHaveText(['Qwen3 0.6B', 'Qwen2.5 0.5B Instruct', 'Qwen2.5 1.5B Instruct', 'SmolLM2 360M Instruct', 'SmolLM2 1.7B Instruct', 'Llama 3.2 1B Instruct', 'DeepSeek-R1-Distill-Qwen 1.5B', 'Other Hub id…']);
  await picker.selectOption({ label: 'Qwen2.5 0.5B Instruct' });
  const sizes = page.getByTestId('preset-sizes');
  await expect(sizes).toContainText('onnx-community/Qwen2.5-0.5B-Instruct');
  await expect(sizes.locator('[data-dtype="q4f16"]')).toHaveText('q4f16 ≈550 MB');
  await expect(sizes.locator('[data-dtype="fp32"]')).toHaveText('fp32 ≈2.52 GB');
  await expect(sizes).toContainText('Auto takes q4 on WASM.');
  await expect(sizes.getByRole('alert')).toHaveCount(0);
  await page.getByLabel('Dtype').selectOption('fp32');
  await expect(sizes.getByRole('alert')).toContainText('fp32 is 2.52 GB: more than WASM can score with. Pick q4 or q8');
  expect(onnxAsked(asked), 'nothing is downloaded before Score').toEqual([]);
  await page.getByLabel('Dtype').selectOption('q4f16');
  await expect(sizes.getByRole('alert')).toHaveCount(0);
  await expect(sizes.locator('.is-chosen')).toHaveText('q4f16 ≈550 MB');
  await pickFiles(page, [INPUT]);
  await scoreAll(page, 2);
  expect(onnxAsked(asked)).toEqual([{ path: 'onnx/model_q4f16.onnx', status: 200 }]);
  await expect(page.getByTestId('loaded-model')).toContainText('Loaded: onnx-community/Qwen2.5-0.5B-Instruct · q4f16 · wasm · in-graph scoring');
  await expect(page.getByTestId('loaded-model')).toContainText(/onnx\/model_q4f16\.onnx · 25 MB · MatMulNBits 4-bit.*Why this file: asked for q4f16\./);
});

test('any other Hub id can be typed; with the Hub’s file list auto asks for its file without probing, and the run panel says which file, dtype, device, path and bytes', async ({ page, context }) => {
  const dir = path.join(studentsRoot(), 'mixed');
  const asked = await serveHub(context, { 'rsr-test/mixed': dir }, {});
  await page.goto('/?device=wasm');
  await page.getByLabel('Student model').selectOption('hub');
  await page.getByLabel('Hub student').selectOption({ label: 'Other Hub id…' });
  await page.getByLabel('Hub model id').fill('rsr-test/mixed');
  await expect(page.getByTestId('preset-sizes')).toHaveCount(0);
  await expect(page).toHaveURL(/model=hub%3Arsr-test%2Fmixed/);
  await pickFiles(page, [INPUT]);
  await scoreAll(page, 2);
  // The listing names every file: the first of WASM's order that the repo has (q4), and no 404s.
  expect(onnxAsked(asked)).toEqual([{ path: 'onnx/model_q4.onnx', status: 200 }]);
  const loaded = page.getByTestId('loaded-model');
  await expect(loaded).toContainText('Loaded: rsr-test/mixed · q4 · wasm · in-graph scoring');
  await expect(loaded).toContainText(/onnx\/model_q4\.onnx · 39 MB · MatMulNBits 4-bit/);
  await expect(loaded).toContainText('Why this file: auto for wasm: the first of q4, q8, int8, uint8, fp32, bnb4, fp16, q4f16 that the repo has.');
  await expect(loaded).toHaveAttribute('data-bytes', String(fs.statSync(path.join(dir, 'onnx/model_q4.onnx')).size));
  await expect(loaded).toHaveAttribute('data-file', 'onnx/model_q4.onnx');
  await expect(page.getByTestId('chunk-plan')).toHaveText(/^Chunks of \d+ positions at 1k tokens, \d+ at 4k, \d+ at 32k \(256 MiB budget\); KV cache 32 MiB at 32k$/);
  await expect(page.getByTestId('approximate')).toHaveCount(0);
});

test('a q8 student’s run panel says its numbers are approximate, and why', async ({ page, context }) => {
  await serveHub(context, { 'rsr-test/q8': path.join(studentsRoot(), 'q8') });
  await page.goto('/?device=wasm&dtype=q8&model=hub:rsr-test/q8');
  await pickFiles(page, [INPUT]);
  await scoreAll(page, 2);
  await expect(page.getByTestId('loaded-model')).toContainText('· q8 · wasm ·');
  await expect(page.getByTestId('approximate')).toHaveText(/^Approximate: q8 activations are quantized with one scale per chunk/);
});

test('a student whose files cannot fit the browser is refused before anything large is downloaded', async ({ page, context }) => {
  // The file list says the float32 weights are 3 GB (the generated files are small): too big for WASM.
  const asked = await serveHub(context, { 'rsr-test/huge': path.join(studentsRoot(), 'fp32-external') }, { sizes: { 'onnx/model.onnx_data': 3e9 } });
  await page.goto('/?device=wasm&dtype=fp32&model=hub:rsr-test/huge');
  await pickFiles(page, [INPUT]);
  await page.getByRole('button', { name: 'Score', exact: true }).click();
  await expect(page.getByText(/onnx\/model\.onnx_data is 3\.00 GB, more than a browser holds in one file \(2\.15 GB\): pick a smaller dtype \(q4f16 or q4\), or score it with the CLI/)).toBeVisible();
  expect(onnxAsked(asked)).toEqual([]);
});
