import { describe, expect, it } from 'vitest';
import { ELEM, decodeModel, encodeModel, onnx, tensorValueInfo } from './onnxGraph';
import { StudentError } from './studentError';
import { type FileGetter, MAX_JSON_BYTES, type StudentRequest, readStudentFiles, readTokenizerAndConfig } from './studentFiles';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const TOKENIZER = { 'tokenizer.json': json({ model: {} }), 'tokenizer_config.json': json({}) };
const CONFIG = { 'config.json': json({ model_type: 'qwen3', num_key_value_heads: 2, head_dim: 16 }) };

/** A graph that only has to be read, not run: one op (e.g. MatMulNBits for a q4 file) and optional external weights. */
function graphBytes({ op = 'MatMul', external = [] as { location: string; offset: number; length: number }[] } = {}): Uint8Array {
  const initializer = external.map(({ location, offset, length }, i) =>
    onnx.TensorProto.create({
      name: `w${i}`,
      dataType: ELEM.FLOAT,
      dims: [length / 4],
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: Object.entries({ location, offset: String(offset), length: String(length) }).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
    }),
  );
  const graph = onnx.GraphProto.create({
    name: 'g',
    node: [onnx.NodeProto.create({ opType: op, input: ['h', 'w0'], output: ['logits'] })],
    initializer,
    input: [tensorValueInfo('input_ids', ELEM.INT64, ['b', 's'])],
    output: [tensorValueInfo('logits', ELEM.FLOAT, ['b', 's', 32])],
  });
  return encodeModel(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }));
}

/** A model folder in memory; records every path asked for, like a Hub that answers 404 for what it lacks. */
function folder(files: Record<string, Uint8Array>) {
  const requested: string[] = [];
  const get: FileGetter = async (path, optional) => {
    requested.push(path);
    if (files[path]) return files[path];
    if (optional) return undefined;
    throw new StudentError(`${path} is missing`);
  };
  return { get, requested, listing: Object.keys(files) };
}

const read = (files: Record<string, Uint8Array>, request: Partial<StudentRequest> & { list?: boolean } = {}) => {
  const f = folder({ ...TOKENIZER, ...CONFIG, ...files });
  return readStudentFiles(f.get, { dtype: 'auto', device: 'cpu', listing: request.list === false ? undefined : f.listing, ...request });
};

describe('readStudentFiles: which ONNX file', () => {
  it('a folder holding only onnx/model_q4.onnx loads with no dtype given, and says which file and why', async () => {
    const files = await read({ 'onnx/model_q4.onnx': graphBytes({ op: 'MatMulNBits' }) });
    expect(files.file).toBe('onnx/model_q4.onnx');
    expect(files.dtype).toBe('q4');
    expect(files.choice).toMatch(/^auto for cpu: the first of fp32, fp16, q4/);
  });

  it('asking for a dtype the folder lacks names what it looked for and what the folder has', async () => {
    const attempt = read({ 'onnx/model_q4.onnx': graphBytes({ op: 'MatMulNBits' }), 'onnx/model_fp16.onnx': graphBytes() }, { dtype: 'fp32' });
    await expect(attempt).rejects.toThrow(StudentError);
    await expect(attempt).rejects.toThrow(/no ONNX decoder for dtype fp32: looked for onnx\/model.onnx, .*; the folder has onnx\/model_q4.onnx, onnx\/model_fp16.onnx/);
  });

  it('auto follows the device: the CPU takes fp32, WASM q4, WebGPU with shader-f16 q4f16', async () => {
    const repo = { 'onnx/model.onnx': graphBytes(), 'onnx/model_q4.onnx': graphBytes({ op: 'MatMulNBits' }), 'onnx/model_q4f16.onnx': graphBytes({ op: 'MatMulNBits' }) };
    expect((await read(repo, { device: 'cpu' })).file).toBe('onnx/model.onnx');
    expect((await read(repo, { device: 'wasm' })).file).toBe('onnx/model_q4.onnx');
    expect((await read(repo, { device: 'webgpu-f16' })).file).toBe('onnx/model_q4f16.onnx');
  });

  it("the repo's own transformers.js_config.dtype goes first", async () => {
    const config = json({ num_key_value_heads: 2, head_dim: 16, 'transformers.js_config': { dtype: 'q4' } });
    const files = await read({ 'config.json': config, 'onnx/model.onnx': graphBytes(), 'onnx/model_q4.onnx': graphBytes({ op: 'MatMulNBits' }) });
    expect(files.file).toBe('onnx/model_q4.onnx');
  });

  it('without a listing (the Hub) candidates are requested in preference order until one exists', async () => {
    const f = folder({ ...TOKENIZER, ...CONFIG, 'onnx/model_quantized.onnx': graphBytes({ op: 'MatMulInteger' }) });
    const files = await readStudentFiles(f.get, { dtype: 'auto', device: 'wasm' });
    expect(files.file).toBe('onnx/model_quantized.onnx');
    expect(files.dtype).toBe('q8');
    const onnxRequests = f.requested.filter((p) => p.endsWith('.onnx'));
    expect(onnxRequests).toEqual(['onnx/model_q4.onnx', 'onnx/decoder_model_merged_q4.onnx', 'onnx/model_quantized.onnx']);
  });

  it("an older repo's onnx/decoder_model_merged_quantized.onnx is its q8 file", async () => {
    const files = await read({ 'onnx/decoder_model_merged_quantized.onnx': graphBytes({ op: 'MatMulInteger' }) }, { dtype: 'q8' });
    expect(files.file).toBe('onnx/decoder_model_merged_quantized.onnx');
  });

  it('a GenAI folder: genai_config.json stands in for config.json, model.onnx is found and its dtype read from the graph', async () => {
    const genai = json({ model: { type: 'qwen3', vocab_size: 32, context_length: 64, decoder: { filename: 'model.onnx', head_size: 16, num_key_value_heads: 2 } } });
    const f = folder({ ...TOKENIZER, 'genai_config.json': genai, 'model.onnx': graphBytes({ op: 'MatMulNBits' }) });
    const files = await readStudentFiles(f.get, { dtype: 'auto', device: 'cpu', listing: f.listing });
    expect(files.file).toBe('model.onnx');
    expect(files.dtype).toBe('q4');
    expect(files.config).toMatchObject({ num_key_value_heads: 2, head_dim: 16, vocab_size: 32 });
    await expect(readStudentFiles(f.get, { dtype: 'fp16', device: 'cpu', listing: f.listing })).rejects.toThrow(/model.onnx computes in q4, not fp16: ask for q4 or auto/);
  });
});

describe('readStudentFiles: external data', () => {
  const data = (n: number) => new Uint8Array(n).fill(7);

  it('every file the initializers name is read beside the .onnx file (split chunks, GenAI .data alike)', async () => {
    const graph = graphBytes({
      external: [
        { location: 'model.onnx_data', offset: 0, length: 8192 },
        { location: 'model.onnx_data_1', offset: 0, length: 8192 },
      ],
    });
    const files = await read({ 'onnx/model.onnx': graph, 'onnx/model.onnx_data': data(8192), 'onnx/model.onnx_data_1': data(8192) });
    expect(files.externalData.map((d) => d.path)).toEqual(['model.onnx_data', 'model.onnx_data_1']);
    expect(files.bytes).toBe(graph.length + 2 * 8192);
  });

  it('a missing external data file is named, with the graph that needs it', async () => {
    const graph = graphBytes({ external: [{ location: 'model.onnx_data', offset: 0, length: 8192 }] });
    await expect(read({ 'onnx/model.onnx': graph })).rejects.toThrow(/onnx\/model.onnx_data is missing: onnx\/model.onnx keeps its weights there/);
  });

  it('a truncated external data file is named, with the bytes it has and the bytes needed', async () => {
    const graph = graphBytes({ external: [{ location: 'model.onnx_data', offset: 4096, length: 8192 }] });
    await expect(read({ 'onnx/model.onnx': graph, 'onnx/model.onnx_data': data(10000) })).rejects.toThrow(
      /onnx\/model.onnx_data is truncated: it has 10,000 bytes and onnx\/model.onnx needs 12,288/,
    );
  });

  it('tensors of 4 KiB or less come back into the graph (ONNX Runtime reads shapes while loading); weights stay outside', async () => {
    const graph = graphBytes({
      external: [
        { location: 'model.onnx_data', offset: 0, length: 16 },
        { location: 'model.onnx_data', offset: 16, length: 8192 },
      ],
    });
    const files = await read({ 'onnx/model.onnx': graph, 'onnx/model.onnx_data': data(16 + 8192) });
    const [small, big] = decodeModel(files.modelBytes).graph!.initializer!;
    expect(small.rawData).toHaveLength(16);
    expect(Number(small.dataLocation)).toBe(onnx.TensorProto.DataLocation.DEFAULT);
    expect(Number(big.dataLocation)).toBe(onnx.TensorProto.DataLocation.EXTERNAL);
    expect(files.externalData.map((d) => d.path)).toEqual(['model.onnx_data']);
  });
});

describe('readStudentFiles: every load error names the file', () => {
  it('a truncated .onnx file', async () => {
    const bytes = graphBytes();
    await expect(read({ 'onnx/model.onnx': bytes.slice(0, bytes.length - 9) })).rejects.toThrow(
      /^onnx\/model.onnx is not a readable ONNX model \(.+\): the file is truncated or damaged; download or export it again$/,
    );
  });

  it('a tokenizer.json that is not JSON', async () => {
    await expect(read({ 'onnx/model.onnx': graphBytes(), 'tokenizer.json': new TextEncoder().encode('{"model": {') })).rejects.toThrow(
      /^tokenizer.json is not valid JSON \(.+\): the file is damaged or truncated; download it again$/,
    );
  });

  it('a folder with neither config.json nor genai_config.json', async () => {
    const f = folder({ ...TOKENIZER, 'onnx/model.onnx': graphBytes() });
    await expect(readStudentFiles(f.get, { dtype: 'auto', device: 'cpu', listing: f.listing })).rejects.toThrow(/^config.json is missing/);
  });
});

describe('readStudentFiles: a student that cannot fit the device is refused before its download', () => {
  const limits = { maxFileBytes: 10_000, maxModelBytes: 20_000, what: 'a test device' };
  const q4 = graphBytes({ op: 'MatMulNBits' });
  const fp32 = graphBytes({ external: [{ location: 'model.onnx_data', offset: 0, length: 8192 }] });

  it('with sizes from a listing, auto passes over the dtype that does not fit and takes the next, saying why', async () => {
    const files = { 'onnx/model.onnx': fp32, 'onnx/model.onnx_data': new Uint8Array(8192), 'onnx/model_q4.onnx': q4 };
    const f = folder({ ...TOKENIZER, ...CONFIG, ...files });
    const sizes = new Map([
      ['onnx/model.onnx', 1000],
      ['onnx/model.onnx_data', 30_000],
      ['onnx/model_q4.onnx', q4.length],
    ]);
    const chosen = await readStudentFiles(f.get, { dtype: 'auto', device: 'cpu', listing: f.listing, sizes, limits });
    expect(chosen.file).toBe('onnx/model_q4.onnx');
    expect(chosen.choice).toMatch(/larger ones do not fit: onnx\/model.onnx_data is \d+ kB, more than a browser holds in one file/);
    expect(f.requested).not.toContain('onnx/model.onnx');
  });

  it('an asked dtype that does not fit is refused, naming the file, its size and what to do, and never fetched', async () => {
    const f = folder({ ...TOKENIZER, ...CONFIG, 'onnx/model.onnx': fp32 });
    const sizes = new Map([
      ['onnx/model.onnx', 15_000],
      ['onnx/model.onnx_data', 8_000],
    ]);
    const reading = readStudentFiles(f.get, { dtype: 'fp32', device: 'cpu', listing: f.listing, sizes, limits });
    await expect(reading).rejects.toThrow(/onnx\/model.onnx is \d+ kB, more than a browser holds in one file .*: pick a smaller dtype \(q4f16 or q4\), or score it with the CLI/);
    expect(f.requested).not.toContain('onnx/model.onnx');
  });

  it('without sizes, the external data the graph reads is counted as soon as the graph is in: refused before any of it is fetched', async () => {
    const graph = graphBytes({ external: [{ location: 'model.onnx_data', offset: 0, length: 8192 }, { location: 'model.onnx_data_1', offset: 0, length: 8192 }, { location: 'model.onnx_data_2', offset: 0, length: 8192 }] });
    const f = folder({ ...TOKENIZER, ...CONFIG, 'onnx/model.onnx': graph });
    const reading = readStudentFiles(f.get, { dtype: 'auto', device: 'cpu', limits });
    await expect(reading).rejects.toThrow(/onnx\/model.onnx \+ onnx\/model.onnx_data \+ onnx\/model.onnx_data_1 \+ onnx\/model.onnx_data_2 = \d+ kB, more than a test device can score with/);
    expect(f.requested.filter((p) => p.includes('_data'))).toEqual([]);
  });

  it('a weight larger than the GPU buffer limit is refused before the weights are fetched', async () => {
    const f = folder({ ...TOKENIZER, ...CONFIG, 'onnx/model.onnx': fp32 });
    const reading = readStudentFiles(f.get, { dtype: 'auto', device: 'cpu', limits: { ...limits, maxTensorBytes: 4096 } });
    await expect(reading).rejects.toThrow(/its largest weight is \d+ kB, more than this GPU's largest buffer/);
    expect(f.requested).not.toContain('onnx/model.onnx_data');
  });
});

describe('readStudentFiles: a model is data and never chooses a path (security)', () => {
  const hostile = ['../../secret/s.bin', '../resolve/main/payload.bin?x=/../../tmp/x/payload.bin', '/etc/passwd', 'C:\\Windows\\x', 'a\\..\\..\\x', 'x#../../y', '%2e%2e/%2e%2e/x', 'ok\u0000.bin', 'a//b', './model.onnx_data'];

  it.each(hostile)('security: an external-data location %j is refused in one line naming the file and the entry, before anything but the graph is read', async (location) => {
    const f = folder({ ...TOKENIZER, ...CONFIG, 'onnx/model.onnx': graphBytes({ external: [{ location, offset: 0, length: 8192 }] }) });
    const reading = readStudentFiles(f.get, { dtype: 'auto', device: 'cpu', listing: f.listing });
    await expect(reading).rejects.toThrow(StudentError);
    await expect(reading).rejects.toThrow(/^onnx\/model.onnx: tensor "w0" external data location ".*" .*: a model may only name files inside its own folder .*; refused before anything was read$/);
    expect(f.requested.filter((p) => !['tokenizer.json', 'tokenizer_config.json', 'chat_template.jinja', 'config.json', 'genai_config.json', 'onnx/model.onnx'].includes(p))).toEqual([]);
  });

  it('security: a location hidden in a subgraph or a Constant attribute is checked too', async () => {
    const evil = onnx.TensorProto.create({
      name: 'c',
      dataType: ELEM.FLOAT,
      dims: [1],
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [onnx.StringStringEntryProto.create({ key: 'location', value: '../outside.bin' })],
    });
    const model = decodeModel(graphBytes());
    const branch = onnx.GraphProto.create({ name: 'b', node: [onnx.NodeProto.create({ opType: 'Constant', output: ['k'], attribute: [onnx.AttributeProto.create({ name: 'value', type: 4, t: evil })] })] });
    model.graph!.node!.push(onnx.NodeProto.create({ opType: 'If', input: ['cond'], output: ['o'], attribute: [onnx.AttributeProto.create({ name: 'then_branch', type: 5, g: branch })] }));
    const f = folder({ ...TOKENIZER, ...CONFIG, 'onnx/model.onnx': encodeModel(model) });
    await expect(readStudentFiles(f.get, { dtype: 'auto', device: 'cpu', listing: f.listing })).rejects.toThrow(/tensor "c" external data location "..\/outside.bin" climbs out of the folder/);
  });

  it("security: a GenAI decoder filename outside the folder is refused, naming genai_config.json and the entry; it is never asked for", async () => {
    const genai = json({ model: { type: 'qwen3', vocab_size: 32, decoder: { filename: '../../../tmp/x/model.onnx', num_key_value_heads: 2, head_size: 16 } } });
    const f = folder({ ...TOKENIZER, 'genai_config.json': genai, 'model.onnx': graphBytes() });
    await expect(readStudentFiles(f.get, { dtype: 'auto', device: 'cpu' })).rejects.toThrow(/^genai_config.json: model.decoder.filename "..\/..\/..\/tmp\/x\/model.onnx" climbs out of the folder/);
    expect(f.requested.some((p) => p.includes('..'))).toBe(false);
  });

  it('security: a transformers.js_config dtype that is no dtype never becomes a file name', async () => {
    const config = json({ model_type: 'qwen3', num_key_value_heads: 2, head_dim: 16, 'transformers.js_config': { dtype: '../../../etc/passwd' } });
    const f = folder({ ...TOKENIZER, 'config.json': config, 'onnx/model.onnx': graphBytes() });
    const files = await readStudentFiles(f.get, { dtype: 'auto', device: 'cpu' });
    expect(files.file).toBe('onnx/model.onnx');
    expect(f.requested.some((p) => p.includes('..') || p.includes('passwd'))).toBe(false);
  });
});

describe('readStudentFiles: damaged files are one line, never a TypeError (reliability)', () => {
  it.each([
    ['null', 'null'],
    ['[]', 'an array'],
    ['"text"', 'a string'],
  ])('reliability: a config.json holding %s is refused by name', async (text, what) => {
    const f = folder({ ...TOKENIZER, 'config.json': new TextEncoder().encode(text), 'onnx/model.onnx': graphBytes() });
    await expect(readStudentFiles(f.get, { dtype: 'auto', device: 'cpu' })).rejects.toThrow(new StudentError(`config.json holds ${what}, not a JSON object: the file is damaged or not what its name says`));
  });

  it('reliability: an empty model.onnx is named as empty, not decoded into a graph of nothing', async () => {
    const f = folder({ ...TOKENIZER, ...CONFIG, 'onnx/model.onnx': new Uint8Array(0) });
    await expect(readStudentFiles(f.get, { dtype: 'fp32', device: 'cpu', listing: f.listing })).rejects.toThrow(/^onnx\/model.onnx is empty \(0 bytes\): the file is truncated or damaged/);
  });

  it('reliability: every JSON file is asked for with the size limit, and one past it is refused with its size', async () => {
    const asked: (number | undefined)[] = [];
    const big = new Uint8Array(MAX_JSON_BYTES + 1).fill(0x20);
    big[0] = 0x7b;
    big[big.length - 1] = 0x7d;
    const get: FileGetter = async (path, optional, maxBytes) => {
      if (path.endsWith('.json')) asked.push(maxBytes);
      return path === 'tokenizer.json' ? big : ({ ...TOKENIZER, ...CONFIG, 'onnx/model.onnx': graphBytes() } as Record<string, Uint8Array>)[path] ?? (optional ? undefined : new Uint8Array());
    };
    await expect(readStudentFiles(get, { dtype: 'fp32', device: 'cpu' })).rejects.toThrow(/^tokenizer.json is 134 MB, more than the 134 MB such a file may have/);
    expect(asked.every((m) => m === MAX_JSON_BYTES)).toBe(true);
  });
});

describe('readTokenizerAndConfig: what a server student reads here', () => {
  it('reads the tokenizer and the config where there is one, each within the JSON size limit', async () => {
    const asked: (number | undefined)[] = [];
    const f = folder({ ...TOKENIZER, ...CONFIG });
    const get: FileGetter = (path, optional, maxBytes) => (asked.push(maxBytes), f.get(path, optional, maxBytes));
    const files = await readTokenizerAndConfig(get);
    expect(files.config).toMatchObject({ model_type: 'qwen3' });
    expect(files.tokenizer.tokenizerJson).toEqual({ model: {} });
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(asked.every((m) => m === MAX_JSON_BYTES)).toBe(true);
    expect((await readTokenizerAndConfig(folder(TOKENIZER).get)).config).toBeUndefined();
  });

  it('reliability: a damaged config.json is one line naming it, not a raw SyntaxError', async () => {
    const f = folder({ ...TOKENIZER, 'config.json': new TextEncoder().encode('{"max_position_') });
    await expect(readTokenizerAndConfig(f.get)).rejects.toThrow(StudentError);
    await expect(readTokenizerAndConfig(f.get)).rejects.toThrow(/^config.json is not valid JSON/);
  });
});
