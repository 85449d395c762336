/**
 * Where in a pattern a JSON path points (a field, a matcher element, an operator's value…): shared by completion,
 * hover and quick fixes, and independent of how the pattern is written (JSON, YAML, a JSON string in a template).
 *
 * Pure: a path in, a role out. Never throws.
 */
/**
 * The role of the value at a path in a pattern. `fieldPath` is the event path the value filters (arrays and
 * `$or` branches are transparent).
 * - `object`: a pattern object (the root, a nested field's object, a `$or` branch): its keys are fields.
 * - `field`: the value of a field (must be an array of matchers or an object).
 * - `element`: an element of a field's value array (a value, or an operator object).
 * - `operator`: the value of operator `operator` inside an element.
 * - `inner`: something inside an operator's value (`anything-but` list items, its `{"prefix": …}` form, `numeric` terms).
 * - `or`: the `$or` array (its elements are pattern objects).
 */
export type PatternRole =
  | { readonly kind: 'object'; readonly fieldPath: readonly string[] }
  | { readonly kind: 'field'; readonly fieldPath: readonly string[] }
  | { readonly kind: 'element'; readonly fieldPath: readonly string[] }
  | { readonly kind: 'operator'; readonly fieldPath: readonly string[]; readonly operator: string }
  | { readonly kind: 'inner'; readonly fieldPath: readonly string[]; readonly operator: string; readonly inner?: string; readonly index?: number }
  | { readonly kind: 'or'; readonly fieldPath: readonly string[] }
  | { readonly kind: 'unknown' };

/**
 * The role of the value at `path` (a JSON path from the pattern root: keys and array indices).
 * @example roleAt(['detail', 'state', 0, 'prefix']) // { kind: 'operator', fieldPath: ['detail', 'state'], operator: 'prefix' }
 */
export function roleAt(path: readonly (string | number)[]): PatternRole {
  let role: PatternRole = { kind: 'object', fieldPath: [] };
  for (const seg of path) {
    switch (role.kind) {
      case 'object':
        if (typeof seg !== 'string') return { kind: 'unknown' };
        role = seg === '$or' ? { kind: 'or', fieldPath: role.fieldPath } : { kind: 'field', fieldPath: [...role.fieldPath, seg] };
        break;
      case 'field':
        // A field's value is an array (its elements are matchers) or an object (a nested pattern).
        if (typeof seg === 'number') role = { kind: 'element', fieldPath: role.fieldPath };
        else role = seg === '$or' ? { kind: 'or', fieldPath: role.fieldPath } : { kind: 'field', fieldPath: [...role.fieldPath, seg] };
        break;
      case 'or':
        if (typeof seg !== 'number') return { kind: 'unknown' };
        role = { kind: 'object', fieldPath: role.fieldPath };
        break;
      case 'element':
        if (typeof seg !== 'string') return { kind: 'unknown' };
        role = { kind: 'operator', fieldPath: role.fieldPath, operator: seg };
        break;
      case 'operator':
        role = typeof seg === 'number'
          ? { kind: 'inner', fieldPath: role.fieldPath, operator: role.operator, index: seg }
          : { kind: 'inner', fieldPath: role.fieldPath, operator: role.operator, inner: seg };
        break;
      case 'inner':
        if (typeof seg === 'number' && role.inner !== undefined) role = { kind: 'inner', fieldPath: role.fieldPath, operator: role.operator, inner: role.inner, index: seg };
        else return { kind: 'unknown' };
        break;
      default:
        return { kind: 'unknown' };
    }
  }
  return role;
}
