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
  /**
   * The keys at or over the threshold, kept apart: every block of every essay is looked up here
   * when sections are finished, and a small set answers far faster than the map of every key
   * (half a million at 100k sections).
   */
  #boilerplate = new Set<string>();
  /** The threshold `#boilerplate` was made for. */
  #setFor = boilerplateThreshold(0);
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
    const threshold = this.#threshold();
    if (threshold !== before) this.#generation++;
    for (const key of distinct) this.#count(key, +1, threshold);
  }

  remove(id: string): void {
    const keys = this.#keysOf.get(id);
    if (!keys) return;
    const before = this.#threshold();
    this.#keysOf.delete(id);
    const threshold = this.#threshold();
    if (threshold !== before) this.#generation++;
    for (const key of keys) this.#count(key, -1, threshold);
  }

  isBoilerplate(key: string): boolean {
    if (key === "") return false;
    const threshold = this.#threshold();
    if (this.#setFor !== threshold) {
      // The threshold moved (only while there are fewer than three essays): made again.
      const set = new Set<string>();
      for (const [k, count] of this.#essaysWith) if (count >= threshold) set.add(k);
      this.#boilerplate = set;
      this.#setFor = threshold;
    }
    return this.#boilerplate.has(key);
  }

  #threshold(): number {
    return boilerplateThreshold(this.#keysOf.size);
  }

  #count(key: string, delta: number, threshold: number): void {
    const before = this.#essaysWith.get(key) ?? 0;
    const after = before + delta;
    if (after <= 0) this.#essaysWith.delete(key);
    else this.#essaysWith.set(key, after);
    if (before >= threshold !== after >= threshold) {
      this.#generation++;
      if (this.#setFor === threshold) {
        if (after >= threshold) this.#boilerplate.add(key);
        else this.#boilerplate.delete(key);
      }
    }
  }
}
