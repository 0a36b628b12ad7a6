import path from 'node:path';
import { expect, test } from '@playwright/test';
import { pickFiles, scoreAll } from './helpers';
import { INPUT, type Reference, expectLikeReference, onnxAsked, serveHub, studentsRoot, wasmReferences } from './layoutHelpers';

// The generated students in Chromium on WASM, through a stand-in Hub: the file choice (which files
// are asked for, and the 404s before them), split external data, float16 logits, GenAI's
// GroupQueryAttention with GatherBlockQuantized. In-graph scores in the page equal the same file
// reduced in JavaScript by the same ONNX Runtime build (see layoutHelpers.ts).
let root: string;
let reference: Map<string, Reference>;
test.beforeAll(() => {
  root = studentsRoot();
  reference = wasmReferences(['q4', 'fp16', 'fp32-split:fp32', 'genai-int4']);
});

test('a Hub repo holding only onnx/model_q4.onnx: auto on WASM asks for it first and scores it in-graph like JavaScript', async ({ page, context }) => {
  const asked = await serveHub(context, { 'rsr-test/only-q4': path.join(root, 'q4') });
  await page.goto('/?device=wasm&model=hub:rsr-test/only-q4');
  await pickFiles(page, [INPUT]);
  await scoreAll(page, 2);
  await expect(page.getByText(/Loaded: .*rsr-test\/only-q4.* · q4 · wasm · in-graph/)).toBeVisible();
  expect(onnxAsked(asked)).toEqual([{ path: 'onnx/model_q4.onnx', status: 200 }]);
  await expectLikeReference(page, reference.get('q4')!);
});

test('a Hub repo holding only onnx/model_fp16.onnx: every better candidate is a 404, then its float16 logits score like JavaScript', async ({ page, context }) => {
  const asked = await serveHub(context, { 'rsr-test/only-fp16': path.join(root, 'fp16') });
  await page.goto('/?device=wasm&model=hub:rsr-test/only-fp16');
  await pickFiles(page, [INPUT]);
  await scoreAll(page, 2);
  await expect(page.getByText(/Loaded: .* · fp16 · wasm · in-graph/)).toBeVisible();
  // WASM's order: q4, q8, int8, uint8, fp32, bnb4, then fp16, each as model_* and decoder_model_merged_*.
  const onnx = onnxAsked(asked);
  expect(onnx.filter((a) => a.status === 200)).toEqual([{ path: 'onnx/model_fp16.onnx', status: 200 }]);
  expect(onnx.map((a) => a.path)).toEqual([
    ...['q4', 'quantized', 'int8', 'uint8'].flatMap((s) => [`onnx/model_${s}.onnx`, `onnx/decoder_model_merged_${s}.onnx`]),
    'onnx/model.onnx',
    'onnx/decoder_model_merged.onnx',
    'onnx/model_bnb4.onnx',
    'onnx/decoder_model_merged_bnb4.onnx',
    'onnx/model_fp16.onnx',
  ]);
  await expectLikeReference(page, reference.get('fp16')!);
});

test('a Hub repo with fp32 weights split over model.onnx_data, _1, _2: all three are fetched and it scores like JavaScript', async ({ page, context }) => {
  const asked = await serveHub(context, { 'rsr-test/split': path.join(root, 'fp32-split') });
  await page.goto('/?device=wasm&dtype=fp32&model=hub:rsr-test/split');
  await pickFiles(page, [INPUT]);
  await scoreAll(page, 2);
  await expect(page.getByText(/Loaded: .* · fp32 · wasm · in-graph/)).toBeVisible();
  expect(onnxAsked(asked).filter((a) => a.status === 200).map((a) => a.path)).toEqual([
    'onnx/model.onnx',
    'onnx/model.onnx_data',
    'onnx/model.onnx_data_1',
    'onnx/model.onnx_data_2',
  ]);
  await expectLikeReference(page, reference.get('fp32-split:fp32')!);
});

test('a Hub repo in ONNX Runtime GenAI int4 layout (genai_config.json, model.onnx + .data, GQA, GatherBlockQuantized) scores like JavaScript', async ({ page, context }) => {
  const asked = await serveHub(context, { 'rsr-test/genai-int4': path.join(root, 'genai-int4') });
  await page.goto('/?device=wasm&model=hub:rsr-test/genai-int4');
  await pickFiles(page, [INPUT]);
  await scoreAll(page, 2);
  await expect(page.getByText(/Loaded: .* · q4 · wasm · in-graph/)).toBeVisible();
  expect(asked.filter((a) => a.status === 200).map((a) => a.path)).toEqual(expect.arrayContaining(['genai_config.json', 'model.onnx', 'model.onnx.data']));
  await expectLikeReference(page, reference.get('genai-int4')!);
});

test('a dropped ONNX Runtime GenAI folder (genai_config.json, no config.json, model.onnx + .data at the top) is the student, from memory, and scores like JavaScript', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/?device=wasm');
  await pickFiles(page, [INPUT]);
  await page.getByLabel('Student model').selectOption('files');
  await page.getByLabel('Choose model folder…').setInputFiles(path.join(root, 'genai-int4'));
  await expect(page.getByText('Student set to the dropped model folder "genai-int4"')).toBeVisible();
  await scoreAll(page, 2);
  await expect(page.getByText(/Loaded: .*genai-int4.* · q4 · wasm · in-graph/)).toBeVisible();
  expect(requests.filter((u) => /\.onnx|genai_config|\/models\//.test(u))).toEqual([]);
  await expectLikeReference(page, reference.get('genai-int4')!);
});
