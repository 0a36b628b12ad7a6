import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/**
 * Layout checks in the page: what a reader at a given window size can see, measured from the
 * rendered boxes (never from class names, so they hold on any layout).
 */

/**
 * Every card (`.panel`) in the main area and the sidebar whose content does not fit it: a child
 * box outside the card's box, or a scroll container that scrolls sideways (content hidden behind a
 * horizontal scrollbar). Inside a container that clips or scrolls, only the container itself is
 * checked: its content is meant to scroll. Returns one line per problem.
 */
export function cardOverflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const nameOf = (el: Element) => {
      const labelled = el.getAttribute('aria-labelledby');
      const heading = labelled ? document.getElementById(labelled)?.textContent : el.querySelector('h2, h3')?.textContent;
      return (el.getAttribute('aria-label') ?? heading ?? el.className).trim().slice(0, 60);
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const cards = [...document.querySelectorAll<HTMLElement>('main .panel, #sidebar .panel')].filter((c) => c.getClientRects().length > 0);
    for (const card of cards) {
      const card_ = nameOf(card);
      const box = card.getBoundingClientRect();
      if (card.scrollWidth > card.clientWidth + 1) problems.push(`${card_}: content ${card.scrollWidth} px wide in a ${card.clientWidth} px card`);
      const walk = (el: Element) => {
        for (const child of el.children) {
          const cs = getComputedStyle(child);
          // Not drawn (a closed <details>' content too), fixed (tooltips), or there only for screen readers.
          if (!child.checkVisibility({ visibilityProperty: true }) || cs.position === 'fixed' || child.classList.contains('visually-hidden')) continue;
          const b = child.getBoundingClientRect();
          if (b.width > 0 && b.height > 0 && (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1)) {
            problems.push(`${card_}: ${describe(child)} at [${Math.round(b.left)}, ${Math.round(b.top)}, ${Math.round(b.right)}, ${Math.round(b.bottom)}] outside the card [${Math.round(box.left)}, ${Math.round(box.top)}, ${Math.round(box.right)}, ${Math.round(box.bottom)}]`);
            continue;
          }
          const scrollsSideways = cs.overflowX === 'auto' || cs.overflowX === 'scroll';
          if (scrollsSideways && child.scrollWidth > child.clientWidth + 1) problems.push(`${card_}: ${describe(child)} scrolls sideways (${child.scrollWidth} px of content in ${child.clientWidth})`);
          if (cs.overflowX === 'visible' && cs.overflowY === 'visible') walk(child);
        }
      };
      walk(card);
    }
    return problems;
  });
}

/** Rows of `scroller` (a virtualized list or the heatmap's text) wholly visible: inside it and inside the window. */
export function wholeRowsInView(scroller: Locator, rowSelector: string): Promise<number> {
  return scroller.evaluate((el, sel) => {
    const box = el.getBoundingClientRect();
    const top = Math.max(0, box.top);
    const bottom = Math.min(window.innerHeight, box.bottom);
    return [...el.querySelectorAll(sel)].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.height > 0 && b.top >= top - 1 && b.bottom <= bottom + 1;
    }).length;
  }, rowSelector);
}

/** Tokens of a heatmap (prompt or response) drawn inside its text box and inside the window. */
export function tokensInView(heatmap: Locator): Promise<number> {
  return heatmap.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const [top, bottom] = [Math.max(0, box.top), Math.min(window.innerHeight, box.bottom)];
    const [left, right] = [Math.max(0, box.left), Math.min(window.innerWidth, box.right)];
    return [...el.querySelectorAll('.rsr-hm-tok')].filter((t) => {
      const b = t.getBoundingClientRect();
      return b.width > 0 && b.top >= top && b.bottom <= bottom && b.left >= left && b.right <= right;
    }).length;
  });
}

/**
 * How a name shows in its cell: 'whole', 'middle' (cut in the middle, its end visible and the
 * whole name on hover) or 'end' (cut at its end, or its end hidden: what must not happen).
 */
export function nameDisplay(cell: Locator, name: string): Promise<'whole' | 'middle' | 'end'> {
  return cell.evaluate((el, full) => {
    const cut = (e: Element) => e.scrollWidth > e.clientWidth + 1;
    const mid = el.querySelector('.mid-ellipsis');
    if (!mid) return cut(el) ? 'end' : 'whole';
    const [head, tail] = [...mid.children];
    const box = el.getBoundingClientRect();
    const midBox = mid.getBoundingClientRect();
    if (midBox.right > box.right + 1) return 'end';
    if (!cut(head) && !(tail && cut(tail))) return 'whole';
    return tail && !cut(tail) && mid.getAttribute('title') === full ? 'middle' : 'end';
  }, name);
}

/** A screenshot of the window, attached to the test's results (test-results/…) for a reader to look at. */
export async function attachScreenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  await info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** No card overflows, with the problems listed when one does. */
export async function expectCardsFit(page: Page): Promise<void> {
  expect(await cardOverflows(page)).toEqual([]);
}
