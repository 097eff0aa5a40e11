/**
 * Boilerplate kept current one essay at a time. essay/boilerplate.ts defines it (a block in at
 * least `boilerplateThreshold` distinct essays); counting per key as essays come and go gives
 * the same answer as recounting the whole archive, without the recount on every refresh.
 * `generation` changes whenever the set of boilerplate keys may have changed, so finished
 * sections made under an older set are known to be stale.
 */
import { boilerplateThreshold } from "../essay/boilerplate.js";

export class BoilerplateCounts {
  /** Key → how many distinct essays have it. */
  readonly #essaysWith = new Map<string, number>();
  /** Essay id → its distinct keys (an array: 11k Sets were a tenth of a restart's garbage). */
  readonly #keysOf = new Map<string, readonly string[]>();
  #generation = 0;

  get generation(): number {
    return this.#generation;
  }

  /** Records (or replaces) the block keys of one essay (per section, per block). */
  set(id: string, keys: readonly (readonly string[])[]): void {
    this.remove(id);
    const seen = new Set<string>();
    for (const section of keys) for (const key of section) if (key !== "") seen.add(key);
    const distinct = [...seen];
    const before = this.#threshold();
    this.#keysOf.set(id, distinct);
    if (this.#threshold() !== before) this.#generation++;
    for (const key of distinct) this.#count(key, +1);
  }

  remove(id: string): void {
    const keys = this.#keysOf.get(id);
    if (!keys) return;
    const before = this.#threshold();
    this.#keysOf.delete(id);
    if (this.#threshold() !== before) this.#generation++;
    for (const key of keys) this.#count(key, -1);
  }

  isBoilerplate(key: string): boolean {
    return key !== "" && (this.#essaysWith.get(key) ?? 0) >= this.#threshold();
  }

  #threshold(): number {
    return boilerplateThreshold(this.#keysOf.size);
  }

  #count(key: string, delta: number): void {
    const before = this.#essaysWith.get(key) ?? 0;
    const after = before + delta;
    if (after <= 0) this.#essaysWith.delete(key);
    else this.#essaysWith.set(key, after);
    const threshold = this.#threshold();
    if (before >= threshold !== after >= threshold) this.#generation++;
  }
}
