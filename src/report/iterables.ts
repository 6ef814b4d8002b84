/** `fn` over each item, produced as it is asked for. */
export function* map<T, U>(items: Iterable<T>, fn: (t: T) => U): Generator<U> {
  for (const item of items) yield fn(item)
}
