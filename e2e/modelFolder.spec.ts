import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { collectRows, jsonl, pickFiles, recordRequests, scoreAll } from './helpers';

const MODEL_DIR = fileURLToPath(new URL('../public/models/rsr-tiny-qwen3', import.meta.url));

test('a dropped model folder is the student, served from memory: same numbers, no model request', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [{ name: 'one.jsonl', text: jsonl('one', 'What is 6 * 7?', '6 * 7 = 42. \\boxed{42}') }]);
  await scoreAll(page, 1);
  const [bundled] = await collectRows(page);

  await page.getByLabel('Student model').selectOption('files');
  // A different student: the bundled model's results are not shown for it.
  await expect(page.locator('.table-count')).toContainText('1 trajectory · 0 scored');
  await page.getByLabel('Choose model folder…').setInputFiles(MODEL_DIR);
  await expect(page.getByText('Student set to the dropped model folder "rsr-tiny-qwen3"')).toBeVisible();

  const requests = recordRequests(page);
  await scoreAll(page, 1);
  const [dropped] = await collectRows(page);
  expect(Number(dropped.rsr)).toBeCloseTo(Number(bundled.rsr), 10);
  expect(requests.map((r) => r.url()).filter((u) => u.includes('/models/'))).toEqual([]);
});

test('reliability: a picked model folder is not forgotten in silence — the reload keeps the student and names the folder to give again', async ({ page }) => {
  await page.goto('/?device=wasm');
  await page.getByLabel('Student model').selectOption('files');
  await page.getByLabel('Choose model folder…').setInputFiles(MODEL_DIR);
  await expect(page.getByText('Student set to the dropped model folder "rsr-tiny-qwen3"')).toBeVisible();
  await expect(page).toHaveURL(/model=files%3Arsr-tiny-qwen3/);
  await page.reload();
  await expect(page.getByLabel('Student model')).toHaveValue('files');
  await expect(page.getByText('The student was the model folder "rsr-tiny-qwen3": a browser keeps no picked folder between visits. Drop "rsr-tiny-qwen3" again')).toBeVisible();
});

test('reliability: a dropped model folder kept as a File System Access handle is read again with one click after a reload, and scores', async ({ page }) => {
  await page.goto('/?device=wasm');
  // What a drop in Chromium keeps (getAsFileSystemHandle): a directory handle in IndexedDB. Playwright cannot drag a
  // real folder from the OS, so the handle here is an origin-private folder holding the bundled student's files.
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('kept-student', { create: true });
    const onnx = await dir.getDirectoryHandle('onnx', { create: true });
    for (const path of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      const bytes = await (await fetch(`/models/rsr-tiny-qwen3/${path}`)).arrayBuffer();
      const file = await (path.startsWith('onnx/') ? onnx : dir).getFileHandle(path.split('/').pop()!, { create: true });
      const w = await file.createWritable();
      await w.write(bytes);
      await w.close();
    }
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('rsr-lens');
      open.onsuccess = () => {
        const tx = open.result.transaction('models', 'readwrite');
        tx.objectStore('models').put({ name: 'kept-student', handle: dir }, 'dropped');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      };
    });
  });
  await page.goto('/?device=wasm&model=files:kept-student');
  await page.getByRole('button', { name: 'Use "kept-student" again' }).click();
  await expect(page.getByText('Student set to the model folder "kept-student" again (4 files)')).toBeVisible();
  await pickFiles(page, [{ name: 'one.jsonl', text: jsonl('one', 'What is 6 * 7?', '6 * 7 = 42.') }]);
  await scoreAll(page, 1);
});
