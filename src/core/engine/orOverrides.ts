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
  readonly span: { readonly offset: number };
  readonly values?: unknown;
  readonly object?: Obj;
}
interface Or {
  readonly span: { readonly offset: number };
  readonly branches: Obj[];
  /**
   * The names {@link namesOf} finds in it, made at the first ask ({@link namesOfOr}) and kept up to date by every
   * change made to it until its scope is visited; a set of its own (`removeName` deletes from it). A `$or` nested in a
   * copy made `namesOf` walk the copy again at each level it was visited from (54,000 walks per compile of a 256 KB
   * policy of repeated `$or`s).
   */
  names: Set<string> | undefined;
}
interface Obj {
  fields: Field[];
  /** Never pushed into while empty: empty lists are shared (the compiler's objects share one frozen list). */
  ors: Or[];
}
interface ScopedLeaf {
  readonly field: Field;
  readonly owner: Obj;
  readonly name: string;
  /** Creation order, which is the order of every leaf list `visit` walks (outer leaves first, then its own). */
  readonly seq: number;
  removed: boolean;
}

/** The leaves a scope sees, by name, in `seq` order; removed leaves are dropped lazily as lists are walked. */
type LeavesByName = Map<string, ScopedLeaf[]>;

interface State {
  /** Copies nesting may still make (see {@link NEST_BUDGET}). */
  nodes: number;
  /** Objects nesting may still copy or walk, the copies it leaves out included (see {@link VISIT_BUDGET}). */
  visits: number;
  seq: number;
  /** A leaf's {@link rulerName}. */
  readonly name: (f: Field) => string;
}

/** What a leaf's name is: its `rulerName` (the compiler passes one that keeps each field's name once made). */
type NameOf = (f: Field) => string;

/**
 * Rewrites `root` so that a leaf and a `$or` branch leaf of the same name never both apply: the one later in the
 * text holds (see the module comment). Leaves are matched by their full path, so a leaf moved into a branch keeps
 * its meaning.
 */
export function applyOrOverrides(root: Obj, name: NameOf): void {
  const state: State = { nodes: NEST_BUDGET, visits: VISIT_BUDGET, seq: 0, name };
  visit(root, [], state);
  prune(root);
}

/**
 * How many objects nesting may copy in all. Each conflicting `$or` is copied into every branch of the next one, so
 * n sibling `$or`s writing the same names make 2^n sub-rules — as they do in event-ruler, whose JsonRuleCompiler
 * expands every combination. A policy of a few hundred bytes must not take seconds and gigabytes on each keystroke:
 * past this many copies the remaining `$or`s stay plain ANDed (an answer may then differ from event-ruler's on such
 * a pattern, which AWS's size limits make rare; none of the corpora comes near it).
 */
const NEST_BUDGET = 20_000;

/**
 * How many objects nesting may copy or walk in all, counting the copies it makes and then leaves out because they are
 * always true (see {@link nestConflictingOrs}): those are not counted against {@link NEST_BUDGET}, so this bounds the
 * work they take.
 */
const VISIT_BUDGET = 10 * NEST_BUDGET;

function sizeOfOr(or: Or): number {
  let n = 0;
  for (let k = 0; k < or.branches.length; k++) n += sizeOfObj(or.branches[k]);
  return n;
}

// The walks below are indexed loops over plain functions: they run over every object of a big pattern on each
// keystroke, mostly before the optimizing compiler has seen them, where a for-of made an iterator result per
// element and a closure per call.

/** The objects in `obj`, itself included: through field objects and `$or` branches. */
function sizeOfObj(obj: Obj): number {
  let n = 1;
  for (let k = 0; k < obj.fields.length; k++) {
    const f = obj.fields[k].object;
    if (f) n += sizeOfObj(f);
  }
  for (let k = 0; k < obj.ors.length; k++) n += sizeOfOr(obj.ors[k]);
  return n;
}

/** Whether `obj` holds a `$or` ANDed at its level (through nested field objects, not into branches). */
function hasOrs(obj: Obj): boolean {
  if (obj.ors.length > 0) return true;
  for (let k = 0; k < obj.fields.length; k++) {
    const f = obj.fields[k].object;
    if (f && hasOrs(f)) return true;
  }
  return false;
}

/** A field whose object lost every leaf to a branch tests nothing: drop it, as the compiler drops empty objects. */
function prune(obj: Obj): void {
  // Backwards, removing by index: a search per removal made 20,000 removals from one object quadratic.
  for (let i = obj.fields.length - 1; i >= 0; i--) {
    const f = obj.fields[i];
    if (!f.object) continue;
    prune(f.object);
    if (f.object.fields.length === 0 && f.object.ors.length === 0) removeFrom(obj, f);
  }
  for (let k = 0; k < obj.ors.length; k++) {
    const branches = obj.ors[k].branches;
    for (let b = 0; b < branches.length; b++) prune(branches[b]);
  }
}

/**
 * Decides the leaves of one scope against its `$or`s, then each branch's scope. `outer` holds the leaves of the
 * enclosing scopes still in force, by name (shared with sibling branches, as the removals they make are).
 */
function visit(obj: Obj, outer: readonly LeavesByName[], state: State): void {
  // No `$or` here: no leaf of this or an outer scope can be decided against one (most objects, on every keystroke;
  // asked before any list is made: a `$or` of thousands of plain branches made two lists per branch).
  if (!hasOrs(obj)) return;
  if (obj.fields.length === 0 && obj.ors.length === 1 && noLeaves(outer)) {
    // A scope of one `$or` and nothing else, with no leaf around it (a `$or` nested in a branch of a policy of
    // `$or`s): what the general case below does for it, without its lists (a list and a record per branch of
    // thousands, a megabyte per keystroke).
    const branches = obj.ors[0].branches;
    for (let b = 0; b < branches.length; b++) visit(branches[b], outer, state);
    return;
  }
  const scoped: { or: Or; owner: Obj }[] = [];
  collectOrs(obj, scoped);
  if (scoped.length === 1) {
    // One `$or`: nothing to nest, so it decides the leaves it meets and on to its branches (the answer
    // nestConflictingOrs made for one `$or`, a list and a closure, was made for each of thousands of `$or`s nested in
    // a `$or`, and for each branch of the copies nesting makes). This scope's leaves are looked up only if the `$or`
    // writes one of their names: the `$or`s below it write none but its names, so the others are never met. A branch
    // holding a nested copy writes none of the copy's names (nesting leaves them out of it): a map, a list and a
    // record per leaf of 10,000 such branches were made for nothing.
    const or = scoped[0].or;
    const scopes = meetsLeaf(obj, or, state) ? outer.concat(collectLeaves(obj, undefined, state)!) : outer;
    if (!noLeaves(scopes)) decide(or, namesOfOr(or, state.name), scopes, state);
    for (let b = 0; b < or.branches.length; b++) visit(or.branches[b], scopes, state);
    return;
  }
  // A scope without leaves of its own adds nothing to look names up in: its branches see the outer scopes as they
  // are (a map and a copied list per branch were megabytes on a `$or` of thousands of `$or`s).
  const local = collectLeaves(obj, undefined, state);
  const scopes = local ? outer.concat(local) : outer;
  // No leaf in this scope or around it: nothing for these `$or`s to decide (a policy of nothing but `$or`s).
  const leafless = noLeaves(scopes);
  const { ors, names } = nestConflictingOrs(scoped, leafless, state);
  for (let k = 0; k < ors.length && !leafless; k++) decide(ors[k], names(k), scopes, state);
  for (let k = 0; k < ors.length; k++) {
    const branches = ors[k].branches;
    for (let b = 0; b < branches.length; b++) visit(branches[b], scopes, state);
  }
}

/**
 * Decides the leaves of `scopes` that `or` meets (its names are `names`): one written before it moves into the branches
 * that do not write its name, one written after it removes its name from every branch.
 */
function decide(or: Or, names: ReadonlySet<string>, scopes: readonly LeavesByName[], state: State): void {
  // The leaves this `$or` decides, in list order: per name, those up to the first one written after the `$or`
  // (that one removes the name from every branch, so the later ones of that name no longer meet it).
  const todo: ScopedLeaf[] = [];
  for (const name of names) {
    for (let si = 0; si < scopes.length; si++) {
      const list = scopes[si].get(name);
      if (!list) continue;
      let after = false;
      let w = 0;
      let r = 0;
      for (; r < list.length && !after; r++) {
        const leaf = list[r];
        if (leaf.removed) continue;
        list[w++] = leaf;
        todo.push(leaf);
        if (leaf.field.span.offset >= or.span.offset) after = true;
      }
      // Drop the removed leaves met on the way (they never come back), leaving the rest of the list unread.
      if (w < r) list.splice(w, r - w);
      if (after) break;
    }
  }
  // No leaf meets this `$or` (most `$or`s of a policy made of them): no set to make.
  if (todo.length === 0) return;
  todo.sort((a, b) => a.seq - b.seq);
  const gone = new Set<string>();
  for (let ti = 0; ti < todo.length; ti++) {
    const leaf = todo[ti];
    if (leaf.removed || gone.has(leaf.name)) continue;
    if (leaf.field.span.offset < or.span.offset) {
      // Written before the `$or`: the branches that write the name replace it; the others keep it (a branch that
      // writes it only inside a nested `$or` keeps it too, and decides again when its own scope is visited).
      for (const b of or.branches) if (!scopeDefines(b, leaf.name, state.name)) b.fields.push(leaf.field);
      removeFrom(leaf.owner, leaf.field);
      leaf.removed = true;
    } else {
      // Written after the `$or`: it replaces what every branch wrote.
      for (const b of or.branches) removeName(b, leaf.name, state.name);
      gone.add(leaf.name);
    }
  }
}

/** Whether a leaf ANDed at this level (through nested field objects, not into branches) has a name `or` writes. */
function meetsLeaf(obj: Obj, or: Or, state: State): boolean {
  for (let k = 0; k < obj.fields.length; k++) {
    const f = obj.fields[k];
    if (f.object ? meetsLeaf(f.object, or, state) : namesOfOr(or, state.name).has(state.name(f))) return true;
  }
  return false;
}

/** Whether no scope holds a leaf. */
function noLeaves(scopes: readonly LeavesByName[]): boolean {
  for (let k = 0; k < scopes.length; k++) if (scopes[k].size > 0) return false;
  return true;
}

/** The `$or`s ANDed at this level: through nested field objects, not into branches. */
function collectOrs(obj: Obj, ors: { or: Or; owner: Obj }[]): void {
  for (const f of obj.fields) if (f.object) collectOrs(f.object, ors);
  for (const or of obj.ors) ors.push({ or, owner: obj });
}

/**
 * The leaves ANDed at this level, by name: through nested field objects, not into branches. Added to `byName`, made
 * at the first leaf: undefined when there is none.
 */
function collectLeaves(obj: Obj, byName: LeavesByName | undefined, state: State): LeavesByName | undefined {
  for (const f of obj.fields) {
    if (f.object) {
      byName = collectLeaves(f.object, byName, state);
      continue;
    }
    const leaf: ScopedLeaf = { field: f, owner: obj, name: state.name(f), seq: state.seq++, removed: false };
    byName ??= new Map();
    const list = byName.get(leaf.name);
    if (list) list.push(leaf);
    else byName.set(leaf.name, [leaf]);
  }
  return byName;
}

/**
 * Two `$or`s of one scope whose branches write one name: in a sub-rule that takes both branches, the later `$or`'s
 * leaf replaces the earlier's. The earlier `$or` moves into each branch of the later one, as a copy without the
 * names that branch writes itself (a name written only in a deeper `$or` is decided when that branch is visited).
 *
 * Where neither this scope nor any around it holds a leaf (`leafless`), a copy left with an empty branch is left out:
 * the sub-rule through that branch is the later branch's own (its leaves replaced all the earlier branch wrote), and
 * the sub-rules through the copy's other branches add leaves to that one, so they match only where it does. The copy
 * is always true, and the branch means the same without it. Only where no leaf is around: a leaf written before the
 * earlier `$or` would later move into the empty branch (`decide`), and the copy would test it. A policy of thousands
 * of `$or`s writing the same names spent the whole budget on such copies, and the `$or`s past the budget stayed
 * plainly ANDed, which is not what event-ruler does; left out, the copies cost nothing and every `$or` is decided.
 */
function nestConflictingOrs(scoped: { or: Or; owner: Obj }[], leafless: boolean, state: State): { ors: Or[]; names: (k: number) => ReadonlySet<string> } {
  scoped.sort((a, b) => a.or.span.offset - b.or.span.offset);
  // Each `$or`'s names as they stand: nesting an earlier `$or` into a later one adds its names to the later one's.
  // `holders` finds the first later `$or` writing a name without a scan of every later one (quadratic on thousands
  // of sibling `$or`s): per name, the positions of the `$or`s writing it, ascending.
  // Each `$or`'s own set (see `Or.names`): the additions below keep it up to date.
  const names = scoped.map(s => namesOfOr(s.or, state.name));
  // The same names as lists, kept beside the sets, to be read by index: a for-of over a set made an iterator and a
  // result per name until the loop was optimized (3.6 MB per compile of a policy of 6,500 sibling `$or`s).
  const lists = names.map(set => Array.from(set));
  const holders = new Map<string, number[]>();
  for (let k = 0; k < lists.length; k++) {
    const own = lists[k];
    for (let q = 0; q < own.length; q++) {
      const list = holders.get(own[q]);
      if (list) list.push(k);
      else holders.set(own[q], [k]);
    }
  }
  const nested = new Set<number>();
  for (let i = 0; i < scoped.length; i++) {
    const own = lists[i];
    let j = Infinity;
    for (let q = 0; q < own.length; q++) {
      const list = holders.get(own[q])!;
      const at = firstAbove(list, i);
      if (at < list.length && list[at] < j) j = list[at];
    }
    if (j === Infinity) continue;
    const early = scoped[i];
    const later = scoped[j];
    const size = sizeOfOr(early.or);
    const cost = size * later.or.branches.length;
    if (cost > state.nodes || cost > state.visits) continue;
    state.nodes -= cost;
    state.visits -= cost;
    let anyKept = false;
    const branches = later.or.branches;
    for (let bi = 0; bi < branches.length; bi++) {
      const b = branches[bi];
      // Made at its first name, exactly sized (an empty list pushed into reserved 17 slots, for each branch).
      let drop: string[] = NO_NAMES;
      for (let q = 0; q < own.length; q++) {
        if (!scopeDefines(b, own[q], state.name)) continue;
        if (drop === NO_NAMES) drop = [own[q]];
        else drop.push(own[q]);
      }
      if (leafless && emptiesABranch(early.or, drop, state.name)) {
        // The copy would always hold here, so it is left out (see above) and given back to the copy budget: asked
        // before it is made (a copy made and dropped was 7 MB per compile of a policy of 6,500 such `$or`s).
        state.nodes += size;
        continue;
      }
      let copy: Or;
      if (bi === branches.length - 1) {
        // The last branch takes the `$or` itself, as it leaves its owner below: copied, it was garbage at once (half
        // the objects a chain of conflicting two-branch `$or`s copied).
        copy = early.or;
        for (let d = 0; d < drop.length; d++) for (let c = 0; c < copy.branches.length; c++) removeName(copy.branches[c], drop[d], state.name);
        // A set of its own: `names[i]` is still to be added to the later `$or`'s whole.
        if (drop.length > 0) copy.names = without(names[i], drop);
      } else copy = cloneOrWithout(early.or, drop, state.name);
      anyKept = true;
      // A list of its own (an object without a `$or` shares one frozen empty list).
      if (b.ors.length === 0) b.ors = [copy];
      else b.ors.push(copy);
    }
    // Every kept copy writes all of the earlier `$or`'s names but those its branch writes itself (already the later
    // one's names); with no copy kept, the later `$or` writes no more than it did.
    for (let q = 0; anyKept && q < own.length; q++) {
      const n = own[q];
      if (names[j].has(n)) continue;
      names[j].add(n);
      lists[j].push(n);
      const list = holders.get(n)!;
      list.splice(firstAbove(list, j), 0, j);
    }
    nested.add(i);
  }
  // The names kept up to date above are those `namesOf` would find now: nesting adds the earlier `$or`'s names to
  // the later one's (its copies lose only names the branch writes itself), and nothing else changed the `$or`s.
  if (nested.size === 0) return { ors: scoped.map(s => s.or), names: k => names[k] };
  // Out of their owners in one pass per owner (a splice each made thousands of nestings quadratic).
  const gone = new Set<Or>();
  for (const i of nested) gone.add(scoped[i].or);
  const owners = new Set<Obj>();
  for (const i of nested) owners.add(scoped[i].owner);
  for (const owner of owners) owner.ors = owner.ors.filter(o => !gone.has(o));
  const kept = scoped.map((_, i) => i).filter(i => !nested.has(i));
  return { ors: kept.map(i => scoped[i].or), names: k => names[kept[k]] };
}

/** Whether a branch of `or`, without the leaves named in `drop`, tests nothing (so the copy holds on every event). */
function emptiesABranch(or: Or, drop: readonly string[], name: NameOf): boolean {
  for (let k = 0; k < or.branches.length; k++) if (emptiedBy(or.branches[k], drop, name)) return true;
  return false;
}

/**
 * Whether {@link cloneObjWithout} would leave `obj` with nothing (and so would `removeName` of each of `drop`), without
 * making the copy: a `$or` stays, a leaf stays unless `drop` names it, a field object stays unless it is left empty.
 */
function emptiedBy(obj: Obj, drop: readonly string[], name: NameOf): boolean {
  if (obj.ors.length > 0) return false;
  if (drop.length === 0) return obj.fields.length === 0;
  for (let k = 0; k < obj.fields.length; k++) {
    const f = obj.fields[k];
    if (f.object ? !emptiedBy(f.object, drop, name) : !drop.includes(name(f))) return false;
  }
  return true;
}

/** The `drop` of a branch that writes none of the names (never pushed into: a branch that does gets its own list). */
const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];

/** Index of the first element of the ascending `list` greater than `k`. */
function firstAbove(list: readonly number[], k: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** {@link namesOf}, kept on the `$or` (see `Or.names`). */
function namesOfOr(or: Or, name: NameOf): Set<string> {
  return (or.names ??= namesOf(or, name));
}

/** A new set of the names in `names` but not in `drop`. */
function without(names: ReadonlySet<string>, drop: readonly string[]): Set<string> {
  // Added one by one: a set made from a set (5,000 per compile) iterated it through an iterator result per name.
  const out = new Set<string>();
  for (const n of names) if (!drop.includes(n)) out.add(n);
  return out;
}

function namesOf(or: Or, name: NameOf, out = new Set<string>()): Set<string> {
  for (let k = 0; k < or.branches.length; k++) namesIn(or.branches[k], name, out);
  return out;
}

function namesIn(obj: Obj, name: NameOf, out: Set<string>): void {
  for (let k = 0; k < obj.fields.length; k++) {
    const f = obj.fields[k];
    if (f.object) namesIn(f.object, name, out);
    else out.add(name(f));
  }
  for (let k = 0; k < obj.ors.length; k++) namesOf(obj.ors[k], name, out);
}

/**
 * A copy of `or` as `removeName` of each of `drop` leaves it: made without the leaves it would remove (and the field
 * objects that would be left empty), where a whole copy and then a walk removing names from it made every object
 * twice. Leaves are shared, not copied: nothing changes a field.
 */
function cloneOrWithout(or: Or, drop: readonly string[], name: NameOf): Or {
  const branches = new Array<Obj>(or.branches.length);
  for (let k = 0; k < branches.length; k++) branches[k] = cloneObjWithout(or.branches[k], drop, name);
  // Its names are the original's without `drop`: the copy has every leaf of the original but those.
  return { ...or, branches, names: or.names && without(or.names, drop) };
}

function cloneObjWithout(obj: Obj, drop: readonly string[], name: NameOf): Obj {
  const fields = new Array<Field>(obj.fields.length);
  let w = 0;
  for (let k = 0; k < obj.fields.length; k++) {
    const f = obj.fields[k];
    if (f.object) {
      // As `removeName` does: a field object left with nothing goes (even one that had nothing to begin with).
      const object = cloneObjWithout(f.object, drop, name);
      if (drop.length === 0 || object.fields.length > 0 || object.ors.length > 0) fields[w++] = { ...f, object };
    } else if (drop.length === 0 || !drop.includes(name(f))) fields[w++] = f;
  }
  if (w < fields.length) fields.length = w;
  // An empty list is shared, not copied: nothing pushes into an empty `ors` (a `$or` gives its object a new list).
  if (obj.ors.length === 0) return { ...obj, fields };
  const ors = new Array<Or>(obj.ors.length);
  for (let k = 0; k < ors.length; k++) ors[k] = cloneOrWithout(obj.ors[k], drop, name);
  return { ...obj, fields, ors };
}

/** Whether every sub-rule through `obj` writes the name: a leaf of its own scope (not inside a nested `$or`). */
function scopeDefines(obj: Obj, name: string, nameOf: NameOf): boolean {
  for (let k = 0; k < obj.fields.length; k++) {
    const f = obj.fields[k];
    if (f.object ? scopeDefines(f.object, name, nameOf) : nameOf(f) === name) return true;
  }
  return false;
}

function removeName(obj: Obj, name: string, nameOf: NameOf): void {
  // Backwards, removing by index: a removal leaves the fields still to be read where they were (a copy of the list
  // to read it forwards was made for each of 10,000 objects per compile of a policy of repeated `$or`s).
  const fields = obj.fields;
  for (let k = fields.length - 1; k >= 0; k--) {
    const f = fields[k];
    if (f.object) {
      removeName(f.object, name, nameOf);
      if (f.object.fields.length === 0 && f.object.ors.length === 0) fields.splice(k, 1);
    } else if (nameOf(f) === name) fields.splice(k, 1);
  }
  for (let k = 0; k < obj.ors.length; k++) {
    const or = obj.ors[k];
    // Every leaf of the name goes from its branches, so from its names.
    or.names?.delete(name);
    for (let b = 0; b < or.branches.length; b++) removeName(or.branches[b], name, nameOf);
  }
}

function removeFrom(obj: Obj, field: Field): void {
  const i = obj.fields.indexOf(field);
  if (i >= 0) obj.fields.splice(i, 1);
}
