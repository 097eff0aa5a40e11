/**
 * Ranking on top of BM25+: a section that answers more of the query, and holds its words
 * together, beats one that repeats a single word. Only general signals live here; nothing is
 * tuned to a particular query.
 */
import { ACRONYM, keyIdOf, NOT_INDEXED } from "./streams.js";

/**
 * How hard missing query terms are punished: score × (share of the query matched)^power, the
 * share weighted by each term's IDF, so missing "being" costs little and missing "bottleneck"
 * a lot. At 2, a section matching two of three equal terms keeps 44 %, one of three 11 %: a
 * single repeated word rarely beats a section that answers the whole question.
 */
const COVERAGE_POWER = 2;
/** Weight of proximity: query words side by side can raise a score by up to this share. */
export const PROXIMITY_WEIGHT = 1;
/** Proximity reads each section's words, so only the leaders (the ones anyone sees) get it. */
export const RERANK_DEPTH = 100;
/** Words further apart than this are about different things; they earn no proximity. */
const MAX_GAP = 8;

/**
 * The factor coverage puts on a score, for every set of matched query terms (bit i = term i),
 * from the terms' weights (IDF): worked out once per query rather than once per section.
 */
export function coverageFactors(weights: readonly number[]): Float64Array {
  let total = 0;
  for (const w of weights) total += w;
  const factors = new Float64Array(1 << weights.length);
  for (let mask = 1; mask < factors.length; mask++) {
    let matched = 0;
    weights.forEach((w, i) => {
      if (mask & (1 << i)) matched += w;
    });
    factors[mask] = (total > 0 ? matched / total : 1) ** COVERAGE_POWER;
  }
  return factors;
}

/**
 * How much a query term matched only through a related word counts towards coverage: "hard"
 * answers "difficult" less surely than "difficult" itself, and a weak relation ("ladder" → "run")
 * must not make a section look as if it answered the whole query. Chosen with RELATED_WEIGHT.
 */
export const RELATED_COVERAGE = 0.25;

/**
 * The coverage factor of a section that matched the terms in `mask` and, through related words
 * only, those in `relatedOnly`: those count at RELATED_COVERAGE of their weight. Remembered per
 * pair, since a query's sections share a few.
 */
export function relatedCoverage(
  weights: readonly number[],
): (mask: number, relatedOnly: number) => number {
  let total = 0;
  for (const w of weights) total += w;
  const known = new Map<number, number>();
  return (mask, relatedOnly) => {
    const pair = mask * 65536 + relatedOnly;
    let factor = known.get(pair);
    if (factor === undefined) {
      let matched = 0;
      weights.forEach((w, i) => {
        if (mask & (1 << i)) matched += w;
        else if (relatedOnly & (1 << i)) matched += RELATED_COVERAGE * w;
      });
      factor = (total > 0 ? matched / total : 1) ** COVERAGE_POWER;
      known.set(pair, factor);
    }
    return factor;
  };
}

/**
 * The matches of one query, best first: by score, ties by corpus order. Only the leaders (the
 * part anyone reads, and the part proximity re-ranks) are picked and sorted when the query runs;
 * the rest are sorted the first time someone pages past the leaders. A common word matches most
 * sections of a big archive, and sorting them all up front cost more than finding them.
 */
export class Ranking {
  /** Section id, final score and matched-terms mask of each match, in corpus order. */
  readonly docs: Int32Array;
  readonly scores: Float64Array;
  readonly masks: Uint16Array;
  /** Positions in the arrays above, best first; the first `#sorted` are in their final order. */
  readonly #order: Int32Array;
  #sorted: number;

  constructor(docs: Int32Array, scores: Float64Array, masks: Uint16Array) {
    this.docs = docs;
    this.scores = scores;
    this.masks = masks;
    this.#order = leadersFirst(scores, RERANK_DEPTH);
    this.#sorted = Math.min(RERANK_DEPTH, docs.length);
  }

  get length(): number {
    return this.docs.length;
  }

  /** Position (in `docs`, `scores`, `masks`) of the i-th best match. */
  at(i: number): number {
    if (i >= this.#sorted) this.#sortRest();
    return this.#order[i] ?? 0;
  }

  /**
   * Raises the leaders' scores by their proximity and re-sorts them. Scores only grow, so nothing
   * below the leaders can overtake them: sorting the leaders alone keeps the whole order right.
   */
  rerankLeaders(proximityOf: (doc: number) => number): void {
    const head = Array.from(this.#order.subarray(0, RERANK_DEPTH));
    for (const p of head) {
      this.scores[p] =
        (this.scores[p] ?? 0) * (1 + PROXIMITY_WEIGHT * proximityOf(this.docs[p] ?? 0));
    }
    // Array sort is stable: equal scores keep the order they had.
    head.sort((a, b) => (this.scores[b] ?? 0) - (this.scores[a] ?? 0));
    this.#order.set(head);
  }

  /**
   * A comparator sort of tens of thousands of matches is slow, so each becomes one float64 whose
   * high half is its score as float32 (for positive floats the bit pattern orders like the value)
   * and whose low half its position (positions follow corpus order, so that orders ties), and the
   * engine's native numeric sort does the work. Float32 can tie scores that differ in their last
   * digits: those runs, rare and short, are then put in exact order.
   */
  #sortRest(): void {
    const { scores } = this;
    const rest = this.#order.subarray(this.#sorted);
    const keys = new Float64Array(rest.length);
    const halves = new Uint32Array(keys.buffer);
    const [hi, lo] = LITTLE_ENDIAN ? [1, 0] : [0, 1];
    rest.forEach((p, i) => {
      halves[2 * i + hi] = float32Bits(scores[p] ?? 0);
      halves[2 * i + lo] = 0xffffffff - p;
    });
    keys.sort();
    for (let i = 0; i < rest.length; i++) {
      rest[i] = 0xffffffff - (halves[2 * (rest.length - 1 - i) + lo] ?? 0);
    }
    const exact = (a: number, b: number) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b;
    for (let from = 0; from < rest.length; ) {
      const bits = float32Bits(scores[rest[from] ?? 0] ?? 0);
      let to = from + 1;
      while (to < rest.length && float32Bits(scores[rest[to] ?? 0] ?? 0) === bits) to++;
      if (to - from > 1) rest.subarray(from, to).sort(exact);
      from = to;
    }
    this.#sorted = this.docs.length;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

function float32Bits(score: number): number {
  f32[0] = score;
  return f32Bits[0] ?? 0;
}

/**
 * Positions of all matches with the best `k` first, in exact order (score, then corpus order),
 * the rest after them in no particular order. A heap of the k best seen so far: most matches
 * are turned away by one comparison with its weakest.
 */
function leadersFirst(scores: Float64Array, k: number): Int32Array {
  const n = scores.length;
  // Positions follow corpus order, so on equal scores the lower position wins.
  const better = (a: number, b: number) =>
    (scores[a] ?? 0) > (scores[b] ?? 0) || ((scores[a] ?? 0) === (scores[b] ?? 0) && a < b);
  const size = Math.min(k, n);
  const heap = new Int32Array(size);
  // A min-heap by `better`: the root is the weakest leader.
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let weakest = i;
      if (l < size && better(heap[weakest] ?? 0, heap[l] ?? 0)) weakest = l;
      if (r < size && better(heap[weakest] ?? 0, heap[r] ?? 0)) weakest = r;
      if (weakest === i) return;
      [heap[i], heap[weakest]] = [heap[weakest] ?? 0, heap[i] ?? 0];
      i = weakest;
    }
  };
  for (let p = 0; p < size; p++) heap[p] = p;
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);
  for (let p = size; p < n; p++) {
    if (size > 0 && better(p, heap[0] ?? 0)) {
      heap[0] = p;
      siftDown(0);
    }
  }
  const order = new Int32Array(n);
  const leaders = Array.from(heap).sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  order.set(leaders);
  const isLeader = new Uint8Array(n);
  for (const p of leaders) isLeader[p] = 1;
  let next = size;
  for (let p = 0; p < n; p++) if (isLeader[p] === 0) order[next++] = p;
  return order;
}

/**
 * 0..1: for each pair of neighbouring query terms, how close they sit in the best span (1 when
 * adjacent in the typed order, 1/gap when apart, a step less when reversed), averaged over pairs.
 * Stop words hold no position, so "size of the pull request" still counts as close; nor do the
 * terms in `transparent` (function words the query did not search for: "manager vs leader").
 */
export function proximity(
  spans: readonly Int32Array[],
  /** Term id → the query term (0-based, in typed order) it answers. */
  slotOf: ReadonlyMap<number, number>,
  expansions: ReadonlyMap<number, Int32Array>,
  termCount: number,
  transparent: ReadonlySet<number> = new Set(),
): number {
  if (termCount < 2) return 0;
  const best = new Float64Array(termCount - 1);
  // Positions start at 1, so 0 means "not seen yet".
  const lastSeen = new Int32Array(termCount);
  let pos = 0;
  const see = (term: number) => {
    const i = slotOf.get(term);
    if (i === undefined) return;
    const before = i > 0 ? (lastSeen[i - 1] ?? 0) : 0;
    if (before > 0) best[i - 1] = Math.max(best[i - 1] ?? 0, closeness(pos - before));
    const after = i + 1 < termCount ? (lastSeen[i + 1] ?? 0) : 0;
    if (after > 0) best[i] = Math.max(best[i] ?? 0, closeness(pos - after + 1));
    lastSeen[i] = pos;
  };
  for (const span of spans) {
    lastSeen.fill(0);
    pos = 0;
    for (let t = 0; t < span.length; t++) {
      const code = span[t] ?? 0;
      if (code & NOT_INDEXED) continue;
      const key = keyIdOf(code);
      if (transparent.has(key)) continue;
      pos++;
      see(key);
      // An acronym stands for its words in order ("PR sizes" = "pull request sizes"): it sits
      // where its first word does, and the rest follow.
      const expansion = code & ACRONYM ? expansions.get(key) : undefined;
      for (let k = 0; k < (expansion?.length ?? 0); k++) {
        if (k > 0) pos++;
        see(expansion?.[k] ?? -1);
      }
    }
  }
  let sum = 0;
  for (const x of best) sum += x;
  return sum / best.length;
}

function closeness(gap: number): number {
  if (gap > MAX_GAP) return 0;
  return gap <= 1 ? 1 : 1 / gap;
}
