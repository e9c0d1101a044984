/**
 * A wide table's horizontal scroll area made reachable by keyboard: antd renders it as a plain scrolling div, which
 * a keyboard user cannot focus and so cannot scroll (WCAG 2.1.1; axe `scrollable-region-focusable`). The wrapper
 * gives that div a tab stop and a name once it is rendered, and makes antd's hidden measuring row inert.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function ScrollRegion({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const observer = new MutationObserver(mark);
    function mark(): void {
      for (const el of ref.current?.querySelectorAll<HTMLElement>('.ant-table-content') ?? []) {
        if (el.tabIndex !== 0) el.tabIndex = 0;
        if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
        if (el.getAttribute('role') !== 'region') el.setAttribute('role', 'region');
      }
      // The row antd draws only to measure column widths is hidden from assistive technology but copies the header's
      // controls (a sorter, 全选); inert takes them out of the tab order too (axe `aria-hidden-focus`).
      for (const row of ref.current?.querySelectorAll<HTMLElement>('.ant-table-measure-row') ?? []) {
        if (!row.inert) row.inert = true;
      }
    }
    mark();
    if (ref.current !== null) observer.observe(ref.current, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [label]);
  return <div ref={ref}>{children}</div>;
}
