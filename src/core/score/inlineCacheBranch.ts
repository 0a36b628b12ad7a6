import { type GraphProto, type ModelProto, type NodeProto, onnx } from './onnxGraph';

/**
 * Optimum's merged decoders (`decoder_model_merged*.onnx`) compute everything inside an If on the
 * `use_cache_branch` input: the then-branch runs from the past, the else-branch without it. RSR Lens
 * always feeds `use_cache_branch = true` (an empty past on the first chunk), so the If can be
 * replaced by its then-branch: the same nodes, now in the main graph where the scoring rewrite
 * finds the lm_head. Returns whether the graph had such an If.
 */
export function inlineCacheBranch(model: ModelProto): boolean {
  const graph = model.graph as GraphProto;
  const index = (graph.node as NodeProto[]).findIndex((n) => n.opType === 'If' && n.input[0] === 'use_cache_branch' && n.output.includes('logits'));
  if (index < 0) return false;
  const ifNode = graph.node[index] as NodeProto;
  const branch = ifNode.attribute.find((a) => a.name === 'then_branch')?.g as GraphProto | undefined;
  if (!branch) return false;

  // Branch values may share names with nothing in the main graph but the If's own outputs; keep
  // them apart anyway, in case an exporter reused a name.
  const taken = new Set<string>([...(graph.node as NodeProto[]).flatMap((n) => n.output), ...graph.initializer.map((t) => t.name ?? '')]);
  const renamed = new Map<string, string>();
  const local = new Set<string>([...(branch.node as NodeProto[]).flatMap((n) => n.output), ...branch.initializer.map((t) => t.name ?? '')]);
  for (const name of local) if (name && taken.has(name)) renamed.set(name, `use_cache_branch/${name}`);
  const rename = (name: string) => renamed.get(name) ?? name;

  const nodes = (branch.node as NodeProto[]).map((n) => {
    n.input = n.input.map(rename);
    n.output = n.output.map(rename);
    return n;
  });
  // The branch's outputs become the If's outputs: rename their producers, or copy with Identity
  // when a branch output is a value from outside the branch (or feeds two outputs).
  const produced = new Map(nodes.flatMap((n) => n.output.map((o, i) => [o, { n, i }] as const)));
  const claimed = new Map<string, string>();
  branch.output.forEach((o, i) => {
    const from = rename(o.name ?? '');
    const to = ifNode.output[i];
    const producer = produced.get(from);
    if (producer && !claimed.has(from)) {
      claimed.set(from, to);
      producer.n.output[producer.i] = to;
      for (const n of nodes) n.input = n.input.map((x) => (x === from ? to : x));
    } else {
      nodes.push(onnx.NodeProto.create({ name: `use_cache_branch/Identity_${i}`, opType: 'Identity', input: [claimed.get(from) ?? from], output: [to] }));
    }
  });
  for (const t of branch.initializer) {
    t.name = rename(t.name ?? '');
    graph.initializer.push(t);
  }
  graph.valueInfo.push(...branch.valueInfo.filter((v) => !renamed.has(v.name ?? '')));
  graph.node.splice(index, 1, ...nodes);
  return true;
}
