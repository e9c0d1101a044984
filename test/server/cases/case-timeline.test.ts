import { describe, expect, it } from 'vitest';
import { describeCaseRecord } from '../../../src/server/features/cases/case-timeline.js';

describe('case timeline sentences', () => {
  it('R1.2 R1.3 a flag the system raised is told by its name, never its code', () => {
    expect(describeCaseRecord({ action: 'flagRaised', outcome: 'success', after: null, details: { flag: 'overCap', rule: 'R1.2' } })).toBe('系统标记：超限');
    expect(describeCaseRecord({ action: 'flagRaised', outcome: 'success', after: null, details: { flag: 'possibleSplit', rule: 'R1.3' } })).toBe('系统标记：疑似拆分');
  });

  it('the system’s own steps have Chinese labels', () => {
    expect(describeCaseRecord({ action: 'libraryEntryRequested', outcome: 'success', after: null, details: { year: 2026 } })).toBe('申请纳入项目库');
    expect(describeCaseRecord({ action: 'issueSurveyTokens', outcome: 'success', after: null, details: { count: 10 } })).toBe('发放测评二维码');
    expect(describeCaseRecord({ action: 'endPublicity', outcome: 'success', after: null, details: {} })).toBe('公示期满');
  });
});
