import type { Page } from "playwright-core";

/** A transform that keeps function names calls `__name` in code sent to the page; the page needs it defined too. */
async function keepNames(page: Page): Promise<void> {
  await page.evaluate("globalThis.__name ??= (f) => f");
}

/** Where an element sits and whether its own content is cut short, as the browser laid it out. */
export interface Placement {
  selector: string;
  found: boolean;
  inViewport: boolean;
  /** Its content is wider or taller than its box (text cut to "Co…", a column pushed out). */
  clipped: boolean;
  /** An ancestor that scrolls or hides overflow cuts it off. */
  hiddenByAncestor: boolean;
  box: { left: number; top: number; right: number; bottom: number } | null;
  viewport: { width: number; height: number };
}

/**
 * Measures every element the selector matches: inside the viewport, not clipped by its own overflow (scrollWidth
 * against clientWidth), and not cut off by an ancestor that clips. Bounding boxes, not screenshots.
 */
export async function placementOf(page: Page, selector: string): Promise<Placement[]> {
  await keepNames(page);
  return page.evaluate((sel) => {
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    const all = [...document.querySelectorAll<HTMLElement>(sel)];
    if (all.length === 0)
      return [
        {
          selector: sel,
          found: false,
          inViewport: false,
          clipped: false,
          hiddenByAncestor: false,
          box: null,
          viewport,
        },
      ];
    return all.map((el) => {
      const r = el.getBoundingClientRect();
      const box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      const inViewport =
        r.left >= -0.5 &&
        r.top >= -0.5 &&
        r.right <= viewport.width + 0.5 &&
        r.bottom <= viewport.height + 0.5;
      const clipped = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      let hiddenByAncestor = false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === "visible" && style.overflowY === "visible") continue;
        const p = a.getBoundingClientRect();
        if (
          r.left < p.left - 0.5 ||
          r.right > p.right + 0.5 ||
          r.top < p.top - 0.5 ||
          r.bottom > p.bottom + 0.5
        ) {
          hiddenByAncestor = true;
          break;
        }
      }
      return { selector: sel, found: true, inViewport, clipped, hiddenByAncestor, box, viewport };
    });
  }, selector);
}

/** The placements that are not whole on screen: missing, outside the viewport, clipped or cut off. */
export async function notWhole(page: Page, selectors: readonly string[]): Promise<Placement[]> {
  const placements = (await Promise.all(selectors.map((s) => placementOf(page, s)))).flat();
  return placements.filter((p) => !p.found || !p.inViewport || p.clipped || p.hiddenByAncestor);
}

export interface ContrastIssue {
  text: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
}

/**
 * WCAG 2 contrast of every visible text in the viewport against the background it is drawn on (the nearest
 * opaque background behind it, semi-transparent layers blended in). Disabled controls are exempt, as WCAG says.
 */
/**
 * Waits for the page's finite animations and transitions (a tab fading out, a row's arrival flash) to finish, so
 * what is measured or photographed is what the reader is left with; endless ones (spinners) are not awaited.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

export async function contrastIssues(page: Page, root = "body"): Promise<ContrastIssue[]> {
  await keepNames(page);
  await settleAnimations(page);
  return page.evaluate((rootSelector) => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m?.[1]) return [0, 0, 0, 0];
      const parts = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const blend = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [
        top[0] * a + bottom[0] * (1 - a),
        top[1] * a + bottom[1] * (1 - a),
        top[2] * a + bottom[2] * (1 - a),
        1,
      ];
    };
    const lum = ([r, g, b]: Rgba) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const backgroundOf = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let a: Element | null = el; a; a = a.parentElement) {
        const c = parse(getComputedStyle(a).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let color: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) color = blend(layer, color);
      return color;
    };
    const issues: Array<{ text: string; ratio: number; needed: number; color: string; background: string }> =
      [];
    const root = document.querySelector(rootSelector) ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !node.textContent?.trim()) continue;
      seen.add(el);
      if (el.closest("svg, [disabled], [aria-hidden='true'], option, .sr-only, dialog:not([open])")) continue;
      const r = el.getBoundingClientRect();
      if (
        r.width === 0 ||
        r.height === 0 ||
        r.bottom < 0 ||
        r.top > innerHeight ||
        r.right < 0 ||
        r.left > innerWidth
      )
        continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || Number(style.opacity) < 1) continue;
      let faded = false;
      for (let a = el.parentElement; a; a = a.parentElement)
        if (Number(getComputedStyle(a).opacity) < 1) faded = true;
      if (faded) continue;
      const bg = backgroundOf(el);
      const fg = blend(parse(style.color), bg);
      const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x) as [number, number];
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio + 0.005 < needed)
        issues.push({
          text: node.textContent.trim().slice(0, 40),
          ratio: Math.round(ratio * 100) / 100,
          needed,
          color: style.color,
          background: `rgb(${bg.slice(0, 3).map(Math.round).join(", ")})`,
        });
    }
    return issues;
  }, root);
}
