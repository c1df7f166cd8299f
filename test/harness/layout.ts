/**
 * Layout checks a wall screen must pass, run inside the page: the document does not scroll, no
 * visible element reaches outside the viewport unless an ancestor clips it (a ticker's track), and
 * no panel's content spills out of its box onto the next one.
 */
import type { Page } from 'playwright-core';

export interface LayoutReport {
  scroll: { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number };
  /** Elements outside the viewport with no clipping ancestor: "tag.class[testid] rect". */
  outside: string[];
  /** Panels whose content is taller or wider than the panel. */
  spilling: string[];
}

// Sent as source text: a compiled function may carry the bundler's helpers (__name), which the page lacks.
const IN_PAGE = /* js */ `(selector) => {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const label = (el) => {
    const testid = el.getAttribute('data-testid');
    const cls = typeof el.className === 'string' ? el.className.split(/\\s+/).filter(Boolean).slice(0, 2).join('.') : '';
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '') + (testid ? '[' + testid + ']' : '');
  };
  const rectText = (r) => Math.round(r.left) + ',' + Math.round(r.top) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height);
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const r = a.getBoundingClientRect();
        if (r.left >= -1 && r.top >= -1 && r.right <= vw + 1 && r.bottom <= vh + 1) return true;
      }
    }
    return false;
  };
  const outside = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') continue;
    if ((r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) && !clipped(el)) outside.push(label(el) + ' ' + rectText(r));
  }
  const spilling = [];
  for (const p of document.querySelectorAll(selector)) {
    if (p.scrollHeight > p.clientHeight + 2 || p.scrollWidth > p.clientWidth + 2) {
      spilling.push(label(p) + ' content ' + p.scrollWidth + 'x' + p.scrollHeight + ' in ' + p.clientWidth + 'x' + p.clientHeight);
    }
  }
  const se = document.scrollingElement;
  return {
    scroll: { scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, scrollHeight: se.scrollHeight, clientHeight: se.clientHeight },
    outside: outside.slice(0, 20),
    spilling,
  };
}`;

export function layoutReport(page: Page, panelSelector = '.screen .panel'): Promise<LayoutReport> {
  return page.evaluate(`(${IN_PAGE})(${JSON.stringify(panelSelector)})`) as Promise<LayoutReport>;
}
