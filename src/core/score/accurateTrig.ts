import { graphBuilder } from './graphBuilder';
import { ELEM, type GraphProto, type ModelProto, type NodeProto, defaultOpset } from './onnxGraph';

/**
 * Replace every float Cos/Sin node with range reduction and polynomials built from Mul/Add/Sub/Floor.
 *
 * Why: exported causal LMs compute RoPE in-graph as cos/sin(position · inv_freq), with arguments up
 * to the position itself (tens of thousands of radians). WGSL only bounds sin/cos to 2^-11 absolute
 * error inside [−π, π] and not at all outside, so WebGPU runtimes may round RoPE at the 1e-4 level:
 * measured on SwiftShader, cos/sin off by 1.9e-4 at angles ≤ 39 rad, surprisal off by 5.5e-3 nats.
 * Multiplication, addition and floor are correctly rounded in WGSL, so this form gives the same
 * float32 answer on every runtime (within ~1e-7 of the true cosine of the float32 argument).
 *
 * Method (Cody–Waite): q = ⌊x·2/π + ½⌋; r = x − q·π/2 with π/2 split into three 7-bit parts (q·Pᵢ
 * is exact for |q| < 2^17, i.e. |x| < 205,887 rad, and each subtraction is exact by Sterbenz) plus a
 * float32 tail; then Taylor polynomials of degree 12 and 13 on |r| ≤ π/4 (truncation < 2e-10), and
 * the quadrant q mod 4 picks ±cos r or ±sin r with exact 0/±1 weights.
 */
export function replaceTrigOps(model: ModelProto): number {
  const graph = model.graph as GraphProto | null;
  if (!graph) return 0;
  const types = elemTypes(graph);
  const b = graphBuilder(graph, defaultOpset(model), 'rsr_trig');
  const trig = new Map<string, { cos: string; sin: string }>();
  const kept: NodeProto[] = [];
  let replaced = 0;
  for (const node of [...graph.node] as NodeProto[]) {
    const type = node.opType === 'Cos' || node.opType === 'Sin' ? types(node.input[0]) : undefined;
    if (type !== ELEM.FLOAT && type !== ELEM.FLOAT16) {
      kept.push(node);
      continue;
    }
    // The builder appends to graph.node: move what it added into the replaced node's place, since
    // ONNX wants the nodes in topological order.
    const before = graph.node.length;
    const x = node.input[0];
    if (!trig.has(x)) trig.set(x, cosSin(b, type === ELEM.FLOAT ? x : b.node('Cast', [x], { to: ELEM.FLOAT })));
    const value = trig.get(x)![node.opType === 'Cos' ? 'cos' : 'sin'];
    b.node(type === ELEM.FLOAT ? 'Identity' : 'Cast', [value], type === ELEM.FLOAT ? {} : { to: ELEM.FLOAT16 }, node.output[0]);
    kept.push(...(graph.node.splice(before) as NodeProto[]));
    replaced++;
  }
  graph.node = kept;
  return replaced;
}

const SPLIT_BITS = 7;

/** π/2 as three 7-bit parts and a float32 remainder: the products q·Pᵢ stay exact in float32. */
function halfPiParts(): number[] {
  const parts: number[] = [];
  let rest = Math.PI / 2;
  for (let i = 0; i < 3; i++) {
    const step = 2 ** (Math.floor(Math.log2(Math.abs(rest))) - SPLIT_BITS + 1);
    parts.push(Math.round(rest / step) * step);
    rest -= parts[i];
  }
  parts.push(Math.fround(rest));
  return parts;
}

/** Taylor coefficients c₀…cₙ of cos (even powers) or sin (odd powers), as multipliers of z = r². */
function taylor(kind: 'cos' | 'sin', terms: number): number[] {
  const coefficients: number[] = [];
  let factorial = 1;
  for (let n = 0, k = kind === 'cos' ? 0 : 1; n < terms; n++, k += 2) {
    factorial = k === 0 ? 1 : factorial * (k === 1 ? 1 : k * (k - 1));
    coefficients.push((n % 2 === 0 ? 1 : -1) / factorial);
  }
  return coefficients;
}

type Builder = ReturnType<typeof graphBuilder>;

function cosSin(b: Builder, x: string): { cos: string; sin: string } {
  const c = (v: number) => b.constFloat(v);
  const q = b.node('Floor', [b.node('Add', [b.node('Mul', [x, c(2 / Math.PI)]), c(0.5)])]);
  let r = x;
  for (const part of halfPiParts()) r = b.node('Sub', [r, b.node('Mul', [q, c(part)])]);
  const z = b.node('Mul', [r, r]);
  const horner = (coefficients: number[]) =>
    coefficients.slice(0, -1).reduceRight((acc, k) => b.node('Add', [b.node('Mul', [acc, z]), c(k)]), c(coefficients[coefficients.length - 1]));
  const cosR = horner(taylor('cos', 7));
  const sinR = b.node('Mul', [horner(taylor('sin', 7)), r]);
  // q mod 4 = 2h + e with e, h ∈ {0, 1}: cos(qπ/2) = (1 − e)(1 − 2h), sin(qπ/2) = e(1 − 2h).
  const floorHalf = (v: string) => b.node('Floor', [b.node('Mul', [v, c(0.5)])]);
  const parity = (v: string) => b.node('Sub', [v, b.node('Mul', [floorHalf(v), c(2)])]);
  const e = parity(q);
  const h = parity(floorHalf(q));
  const sign = b.node('Sub', [c(1), b.node('Mul', [h, c(2)])]);
  const cosQ = b.node('Mul', [b.node('Sub', [c(1), e]), sign]);
  const sinQ = b.node('Mul', [e, sign]);
  return {
    cos: b.node('Sub', [b.node('Mul', [cosR, cosQ]), b.node('Mul', [sinR, sinQ])]),
    sin: b.node('Add', [b.node('Mul', [sinR, cosQ]), b.node('Mul', [cosR, sinQ])]),
  };
}

// Ops whose output has the element type of their first input.
const SAME_TYPE = new Set(['Mul', 'Add', 'Sub', 'Div', 'Neg', 'MatMul', 'Transpose', 'Concat', 'Reshape', 'Unsqueeze', 'Squeeze', 'Expand', 'Identity', 'Slice', 'Gather', 'Tile']);

/** The element type of a tensor where it can be read off the graph without shape inference. */
function elemTypes(graph: GraphProto): (name: string) => number | undefined {
  const known = new Map<string, number>();
  for (const t of graph.initializer) known.set(t.name ?? '', Number(t.dataType));
  for (const v of [...graph.input, ...graph.valueInfo, ...graph.output]) {
    const type = v.type?.tensorType?.elemType;
    if (type) known.set(v.name ?? '', Number(type));
  }
  const producer = new Map<string, NodeProto>();
  for (const n of graph.node as NodeProto[]) for (const o of n.output) producer.set(o, n);
  const typeOf = (name: string, depth = 0): number | undefined => {
    if (known.has(name)) return known.get(name);
    const node = producer.get(name);
    if (!node || depth > 64) return undefined;
    const attr = (key: string) => node.attribute.find((a) => a.name === key);
    let type: number | undefined;
    if (node.opType === 'Cast') type = Number(attr('to')?.i ?? 0) || undefined;
    else if (node.opType === 'Constant') type = Number(attr('value')?.t?.dataType ?? 0) || undefined;
    else if (SAME_TYPE.has(node.opType ?? '') || node.opType === 'Cos' || node.opType === 'Sin') type = typeOf(node.input[0], depth + 1);
    if (type) known.set(name, type);
    return type;
  };
  return (name) => typeOf(name);
}
