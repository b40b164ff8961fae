// The reads a page reader thread owes, by id: the callbacks of each read's promise, taken when
// the thread answers.
//
// Not a Map. A Map that one entry per read passes through kept the removed entries' promises
// reachable for V8's young-generation collector: measured on W8 (bench/README.md), every page
// (14 KB) was promoted to the old generation with its request, 2–3 MB per scavenge, which
// took a full collection of 3–16 ms every second to clear, while the heap snapshot taken at the
// same time held no such page. The same loop over a plain object's elements promotes nothing
// (docs/decisions/2026-12-page-reader.md, twelfth session).
export class PendingReads<T> {
  #byId: Record<number, T> = Object.create(null) as Record<number, T>
  #size = 0

  get size(): number {
    return this.#size
  }

  add(id: number, entry: T): void {
    if (id in this.#byId) throw new Error(`pending reads: ${id} is already pending`)
    this.#byId[id] = entry
    this.#size++
  }

  /** The entry for `id`, no longer pending; undefined if none is. */
  take(id: number): T | undefined {
    if (!(id in this.#byId)) return undefined
    const entry = this.#byId[id]
    delete this.#byId[id]
    this.#size--
    return entry
  }

  /** Every entry, none pending afterwards. */
  takeAll(): T[] {
    const entries = Object.values(this.#byId)
    this.#byId = Object.create(null) as Record<number, T>
    this.#size = 0
    return entries
  }
}
