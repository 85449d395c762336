/**
 * Which of two leaves with one field name holds when one is inside a `$or` branch, as event-ruler decides it.
 *
 * JsonRuleCompiler builds a rule's sub-rules (one per `$or` combination) as maps from field name to patterns,
 * reading the pattern in text order: a `$or` copies the sub-rules so far once per branch, and every leaf `put`s
 * its patterns under its dot-joined name, replacing what an earlier leaf of that name put there. So a branch's
 * `detail.x` replaces a `detail.x` written before the `$or` (in that branch's sub-rules only), and a `detail.x`
 * written after the `$or` replaces the branches' own. This module rewrites a compiled pattern object in place so
 * that plain AND/OR evaluation gives the same answers.
 */

/** A leaf's field name as JsonRuleCompiler forms it (`Path.extendedName`: no separator after an empty name). */
export function rulerName(path: readonly string[]): string {
  const base = path.slice(0, -1).join('.');
  return base === '' ? path[path.length - 1] : `${base}.${path[path.length - 1]}`;
}

interface Field {
  readonly path: readonly string[];
  readonly span: { readonly offset: number };
  readonly values?: unknown;
  readonly object?: Obj;
}
interface Or {
  readonly span: { readonly offset: number };
  readonly branches: Obj[];
}
interface Obj {
  fields: Field[];
  ors: Or[];
}
interface ScopedLeaf {
  readonly field: Field;
  readonly owner: Obj;
  readonly name: string;
  removed: boolean;
}

/**
 * Rewrites `root` so that a leaf and a `$or` branch leaf of the same name never both apply: the one later in the
 * text holds (see the module comment). Leaves are matched by their full path, so a leaf moved into a branch keeps
 * its meaning.
 */
export function applyOrOverrides(root: Obj): void {
  visit(root, []);
  prune(root);
}

/** A field whose object lost every leaf to a branch tests nothing: drop it, as the compiler drops empty objects. */
function prune(obj: Obj): void {
  for (const f of [...obj.fields]) {
    if (!f.object) continue;
    prune(f.object);
    if (f.object.fields.length === 0 && f.object.ors.length === 0) removeFrom(obj, f);
  }
  for (const or of obj.ors) for (const b of or.branches) prune(b);
}

function visit(obj: Obj, outer: readonly ScopedLeaf[]): void {
  const leaves: ScopedLeaf[] = [...outer];
  const scoped: { or: Or; owner: Obj }[] = [];
  collectScope(obj, leaves, scoped);
  nestConflictingOrs(scoped);
  const ors = scoped.map(s => s.or);
  for (const or of ors) {
    for (const leaf of leaves) {
      if (leaf.removed || !orDefines(or, leaf.name)) continue;
      if (leaf.field.span.offset < or.span.offset) {
        // Written before the `$or`: the branches that write the name replace it; the others keep it (a branch that
        // writes it only inside a nested `$or` keeps it too, and decides again when its own scope is visited).
        for (const b of or.branches) if (!scopeDefines(b, leaf.name)) b.fields.push(leaf.field);
        removeFrom(leaf.owner, leaf.field);
        leaf.removed = true;
      } else {
        // Written after the `$or`: it replaces what every branch wrote.
        for (const b of or.branches) removeName(b, leaf.name);
      }
    }
  }
  const kept = leaves.filter(l => !l.removed);
  for (const or of ors) for (const b of or.branches) visit(b, kept);
}

/** The leaves and `$or`s ANDed at this level: through nested field objects, not into branches. */
function collectScope(obj: Obj, leaves: ScopedLeaf[], ors: { or: Or; owner: Obj }[]): void {
  for (const f of obj.fields) {
    if (f.object) collectScope(f.object, leaves, ors);
    else leaves.push({ field: f, owner: obj, name: rulerName(f.path), removed: false });
  }
  for (const or of obj.ors) ors.push({ or, owner: obj });
}

/**
 * Two `$or`s of one scope whose branches write one name: in a sub-rule that takes both branches, the later `$or`'s
 * leaf replaces the earlier's. The earlier `$or` moves into each branch of the later one, as a copy without the
 * names that branch writes itself (a name written only in a deeper `$or` is decided when that branch is visited).
 */
function nestConflictingOrs(scoped: { or: Or; owner: Obj }[]): void {
  scoped.sort((a, b) => a.or.span.offset - b.or.span.offset);
  for (let i = 0; i < scoped.length; i++) {
    const early = scoped[i];
    const names = namesOf(early.or);
    const later = scoped.slice(i + 1).find(s => [...names].some(n => orDefines(s.or, n)));
    if (!later) continue;
    for (const b of later.or.branches) {
      const copy = cloneOr(early.or);
      for (const n of names) if (scopeDefines(b, n)) for (const cb of copy.branches) removeName(cb, n);
      b.ors.push(copy);
    }
    early.owner.ors.splice(early.owner.ors.indexOf(early.or), 1);
    scoped.splice(i, 1);
    i--;
  }
}

function namesOf(or: Or, out = new Set<string>()): Set<string> {
  const walk = (obj: Obj): void => {
    for (const f of obj.fields) {
      if (f.object) walk(f.object);
      else out.add(rulerName(f.path));
    }
    for (const o of obj.ors) namesOf(o, out);
  };
  for (const b of or.branches) walk(b);
  return out;
}

function cloneOr(or: Or): Or {
  return { ...or, branches: or.branches.map(cloneObj) };
}

function cloneObj(obj: Obj): Obj {
  return { ...obj, fields: obj.fields.map(f => (f.object ? { ...f, object: cloneObj(f.object) } : f)), ors: obj.ors.map(cloneOr) };
}

/** Whether every sub-rule through `obj` writes the name: a leaf of its own scope (not inside a nested `$or`). */
function scopeDefines(obj: Obj, name: string): boolean {
  return obj.fields.some(f => (f.object ? scopeDefines(f.object, name) : rulerName(f.path) === name));
}

function orDefines(or: Or, name: string): boolean {
  return or.branches.some(b => objectDefines(b, name));
}

function objectDefines(obj: Obj, name: string): boolean {
  for (const f of obj.fields) {
    if (f.object ? objectDefines(f.object, name) : rulerName(f.path) === name) return true;
  }
  return obj.ors.some(or => orDefines(or, name));
}

function removeName(obj: Obj, name: string): void {
  for (const f of [...obj.fields]) {
    if (f.object) {
      removeName(f.object, name);
      if (f.object.fields.length === 0 && f.object.ors.length === 0) removeFrom(obj, f);
    } else if (rulerName(f.path) === name) removeFrom(obj, f);
  }
  for (const or of obj.ors) for (const b of or.branches) removeName(b, name);
}

function removeFrom(obj: Obj, field: Field): void {
  const i = obj.fields.indexOf(field);
  if (i >= 0) obj.fields.splice(i, 1);
}
