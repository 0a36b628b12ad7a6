import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeModel, encodeModel, onnx } from '../src/core/score/onnxGraph';
import { pickFiles, scoreAll, scoreButton } from './helpers';
import { INPUT, onnxAsked, serveHub, studentsRoot } from './layoutHelpers';

// Issue 20 in the app's model worker: a model is data and never chooses a path (a dropped folder,
// a Hub repo on the stand-in Hub of layoutHelpers.ts), Hub ids by the Hub's rules, and a download
// enters Cache Storage only whole — with a control in the student picker to forget it.

/** A copy of a generated student whose every external-data location is `location` (its other files linked). */
function craftedStudent(name: string, location: string): string {
  const from = path.join(studentsRoot(), 'fp32-external');
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-e2e-security-')), name);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  fs.linkSync(path.join(from, 'onnx/model.onnx_data'), path.join(dir, 'onnx/model.onnx_data'));
  const model = decodeModel(fs.readFileSync(path.join(from, 'onnx/model.onnx')));
  for (const t of model.graph!.initializer!) {
    t.externalData = t.externalData?.map((e) => (e.key === 'location' ? onnx.StringStringEntryProto.create({ key: 'location', value: location }) : e));
  }
  fs.writeFileSync(path.join(dir, 'onnx/model.onnx'), encodeModel(model));
  return dir;
}

/** The Cache Storage URLs the app keeps for a Hub model. */
const cachedUrls = (page: import('@playwright/test').Page, id: string) =>
  page.evaluate(async (id) => {
    const store = await caches.open('rsr-lens-hub-v1');
    return (await store.keys()).map((r) => r.url).filter((u) => u.includes(`/${id}/resolve/`));
  }, id);

test('security: a dropped model folder whose external-data location climbs out of it is refused, naming the file and the entry', async ({ page }) => {
  const dir = craftedStudent('climbing', '../../secret.bin');
  await page.goto('/?device=wasm');
  await pickFiles(page, [INPUT]);
  await page.getByLabel('Student model').selectOption('files');
  await page.getByLabel('Choose model folder…').setInputFiles(dir);
  await scoreButton(page).click();
  await expect(page.getByText(/onnx\/model\.onnx: tensor "[^"]+" external data location "\.\.\/\.\.\/secret\.bin" climbs out of the folder with "\.\.": a model may only name files inside its own folder/).first()).toBeVisible();
  await expect(page.locator('.table-count')).toContainText('0 scored');
});

test('security: a Hub repo whose location reaches for …/payload.bin?x=/../../ is refused; the payload is never asked for', async ({ page, context }) => {
  const dir = craftedStudent('payload', '../../resolve/main/payload.bin?x=/../../../../tmp/x/payload.bin');
  fs.writeFileSync(path.join(dir, 'payload.bin'), 'payload');
  const asked = await serveHub(context, { 'evil/payload': dir }, {});
  await page.goto('/?device=wasm&dtype=fp32&model=hub:evil/payload');
  await pickFiles(page, [INPUT]);
  await scoreButton(page).click();
  await expect(page.getByText(/onnx\/model\.onnx: tensor "[^"]+" external data location "\.\.\/\.\.\/resolve\/main\/payload\.bin\?x=[^"]*" climbs out of the folder/).first()).toBeVisible();
  expect(asked.filter((a) => a.path.includes('payload'))).toEqual([]);
});

test('security: a Hub id that is not the Hub’s is named as such in the picker, and Score asks huggingface.co for nothing', async ({ page }) => {
  const hubRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith('https://huggingface.co')) hubRequests.push(r.url());
  });
  await page.goto('/?device=wasm&model=hub:a/..%2F..%2Fb');
  await expect(page.getByRole('alert').filter({ hasText: 'Not a Hub model id' })).toBeVisible();
  await pickFiles(page, [INPUT]);
  await scoreButton(page).click();
  await expect(page.getByText(/"a\/\.\.\/\.\.\/b" is not a Hub model id/).first()).toBeVisible();
  expect(hubRequests).toEqual([]);
});

test('reliability: a Hub download cut short is refused against the Hub’s file list and never cached; the next Score downloads it whole; Forget download empties the cache', async ({ page, context }) => {
  const dir = path.join(studentsRoot(), 'fp32-external');
  const cut: Record<string, 'cut'> = { 'onnx/model.onnx_data': 'cut' };
  const asked = await serveHub(context, { 'rsr-test/cut': dir }, {}, cut);
  await page.goto('/?device=wasm&dtype=fp32&model=hub:rsr-test/cut');
  await pickFiles(page, [INPUT]);
  await scoreButton(page).click();
  const size = fs.statSync(path.join(dir, 'onnx/model.onnx_data')).size;
  await expect(
    page.getByText(`the download of onnx/model.onnx_data was cut short: ${(size >> 1).toLocaleString('en-US')} bytes arrived, the Hub's file list says ${size.toLocaleString('en-US')}; nothing was kept`).first(),
  ).toBeVisible();
  await expect(scoreButton(page)).toBeEnabled();
  expect(await cachedUrls(page, 'rsr-test/cut')).not.toContain('https://huggingface.co/rsr-test/cut/resolve/main/onnx/model.onnx_data');

  delete cut['onnx/model.onnx_data'];
  await scoreAll(page, 2);
  expect((await cachedUrls(page, 'rsr-test/cut')).sort()).toContain('https://huggingface.co/rsr-test/cut/resolve/main/onnx/model.onnx_data');
  const kept = page.getByTestId('hub-download');
  await expect(kept).toContainText(/Kept in this browser: \d+ files, \d+ MB\./);
  const before = onnxAsked(asked).length;
  await kept.getByRole('button', { name: 'Forget download' }).click();
  await expect(page.getByText(/Forgot the download of rsr-test\/cut \(\d+ files\)/)).toBeVisible();
  await expect(kept).toHaveCount(0);
  expect(await cachedUrls(page, 'rsr-test/cut')).toEqual([]);
  expect(onnxAsked(asked).length).toBe(before);
});
