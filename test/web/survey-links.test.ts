/**
 * Printable one-time survey links (R6.5) and the survey's completion (R6.4): full addresses from the server's paths,
 * pages of eight, and who may complete under the minimum.
 */
import { describe, expect, it } from 'vitest';
import { completionBody, completionPath } from '../../src/web/pages/cases/steps/survey-completion.js';
import { LINKS_PER_PAGE, absoluteLink, pagesOf } from '../../src/web/pages/cases/steps/survey-links.js';

describe('survey links', () => {
  it('puts the server’s path on this site’s origin and keeps a full address', () => {
    expect(absoluteLink('https://mswss.dg.gov.cn', '/survey/abc')).toBe('https://mswss.dg.gov.cn/survey/abc');
    expect(absoluteLink('https://mswss.dg.gov.cn/', 'survey/abc')).toBe('https://mswss.dg.gov.cn/survey/abc');
    expect(absoluteLink('https://a.example', 'https://b.example/survey/x')).toBe('https://b.example/survey/x');
  });

  it('lays the links out eight to a page', () => {
    const links = Array.from({ length: 19 }, (_, i) => `l${i}`);
    const pages = pagesOf(links);
    expect(LINKS_PER_PAGE).toBe(8);
    expect(pages.map((p) => p.length)).toEqual([8, 8, 3]);
    expect(pages.flat()).toEqual(links);
    expect(pagesOf([])).toEqual([]);
  });
});

describe('completing the survey', () => {
  it('is a confirmation with enough respondents, for anyone the step is offered to', () => {
    expect(completionPath(30, 30, 'community_staff')).toBe('enough');
    expect(completionPath(31, 30, 'town_staff')).toBe('enough');
    expect(completionBody(5, 'enough', '理由')).toEqual({ version: 5, exceptionReason: null });
  });

  it('under the minimum needs the town: town staff approve with a reason, others cannot', () => {
    expect(completionPath(18, 30, 'town_staff')).toBe('approveException');
    expect(completionPath(18, 30, 'community_staff')).toBe('needsTown');
    expect(completionBody(5, 'approveException', '  沿线住户18户已全部参与  ')).toEqual({ version: 5, exceptionReason: '沿线住户18户已全部参与' });
    expect(completionBody(5, 'approveException', '   ')).toEqual({ version: 5, exceptionReason: null });
  });
});
