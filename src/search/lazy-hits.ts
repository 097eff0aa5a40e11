/**
 * All the hits of a query as an array that makes each hit the first time it is read. People page
 * through results a few at a time, but a common word matches most sections of a big archive: on
 * 100,000 sections, making (and collecting the garbage of) 80,000 hit objects per query took
 * longer than the whole rest of the search. The array reads like any other (length, indexing,
 * slice, find, iteration, JSON); reading a hit twice gives the same object.
 */

/** Up to this many hits are made at once, into a plain array: cheap, and simpler to inspect. */
export const EAGER_HITS = 500;

export function lazyHits<T>(count: number, make: (i: number) => T, eager = EAGER_HITS): T[] {
  if (count <= eager) return Array.from({ length: count }, (_, i) => make(i));
  // Holes until read; setting the length allocates nothing.
  const made: T[] = [];
  made.length = count;
  const indexOf = (prop: string | symbol): number => {
    if (typeof prop !== "string") return -1;
    const i = Number(prop);
    return Number.isInteger(i) && i >= 0 && i < made.length && String(i) === prop ? i : -1;
  };
  const at = (i: number): T => {
    let hit = made[i];
    if (hit === undefined) {
      hit = make(i);
      made[i] = hit;
    }
    return hit;
  };
  return new Proxy(made, {
    get(target, prop, receiver) {
      const i = indexOf(prop);
      return i >= 0 ? at(i) : Reflect.get(target, prop, receiver);
    },
    has(target, prop) {
      return indexOf(prop) >= 0 || Reflect.has(target, prop);
    },
    getOwnPropertyDescriptor(target, prop) {
      const i = indexOf(prop);
      if (i >= 0) at(i);
      return Reflect.getOwnPropertyDescriptor(target, prop);
    },
    // Listing the keys (Object.keys, deep equality) wants them all: make them all.
    ownKeys(target) {
      for (let i = 0; i < target.length; i++) at(i);
      return Reflect.ownKeys(target);
    },
  });
}
