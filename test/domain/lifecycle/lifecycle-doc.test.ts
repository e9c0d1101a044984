/** The transitions tables are consistent, and docs/lifecycle.md is exactly what they generate. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/domain/access/actions.js';
import {
  DEMAND_STATUSES,
  DEMAND_TRANSITIONS,
  PROJECT_STATUSES,
  PROJECT_TRANSITIONS,
  SYSTEM_COMMANDS,
  renderLifecycleDoc,
  type Transition,
} from '../../../src/domain/lifecycle/index.js';

function checkTable<S extends string, A extends string>(table: readonly Transition<S, A>[], statuses: readonly S[]): void {
  const keys = table.map((t) => `${t.from ?? '(new)'}:${t.action}`);
  expect(new Set(keys).size).toBe(keys.length);
  const reachable = new Set<S>();
  for (const t of table) {
    expect([...ACTIONS, ...SYSTEM_COMMANDS]).toContain(t.action);
    expect(t.roles.length).toBeGreaterThan(0);
    for (const to of t.to) {
      expect(statuses).toContain(to);
      reachable.add(to);
    }
  }
  expect([...reachable].sort()).toEqual([...statuses].sort());
}

describe('lifecycle documentation', () => {
  it('every (state, action) row is unique, names a known action, and every state is reachable', () => {
    checkTable(DEMAND_TRANSITIONS, DEMAND_STATUSES);
    checkTable(PROJECT_TRANSITIONS, PROJECT_STATUSES);
  });

  it('docs/lifecycle.md equals the output of renderLifecycleDoc (run `npm run docs`)', () => {
    const committed = readFileSync(new URL('../../../docs/lifecycle.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderLifecycleDoc());
  });

  it('the document shows both diagrams and the deadline table', () => {
    const doc = renderLifecycleDoc();
    expect(doc.match(/```mermaid\nstateDiagram-v2/g)).toHaveLength(2);
    expect(doc).toContain('underReview --> registrationReturned : returnRegistration');
    expect(doc).toContain('| `review` | 镇（街道）审核确认 | R4.1 | 5 个工作日（R0.5） | town |');
  });
});
