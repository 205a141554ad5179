/**
 * `compute` remembered per object, for as long as the object lives: the controller's caches keep an
 * object (a listed Kubernetes object, a record set, an endpoint) until it changes, and nothing modifies
 * them in place, so what is worked out from one object holds until the object is replaced, and is
 * dropped with it.
 */
export function weakMemo<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const known = new WeakMap<K, V>();
  return (key) => {
    // `get` types a miss as undefined; a key that is present holds what `compute` returned.
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
