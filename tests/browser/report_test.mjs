// report_test.mjs - load accord's HTML reports in headless Chromium and check
// them as a reader's browser sees them (tests/browser/run.sh runs this).
//
//   node report_test.mjs [--screenshot OUT.png] [--min-charts N]
//                        [--shots DIR] REPORT.html [ESCAPE_REPORT.html]
//
// REPORT.html: no console error, no request for anything outside the page,
// at least N SVG charts (each titled and drawn), the heat-map tabs switch,
// the evidence sections are there (texts side by side, timeline, each
// party's numbers), a source link opens the list at its source, and nothing
// in them overflows at 1280 and 390 pixels,
// the explorer computes on load exactly what the library wrote into the page
// and changes the utilities when an option changes, the print stylesheet
// shows every heat map; a full-page screenshot is written.
// ESCAPE_REPORT.html (tests/models/report/escape.yaml): the same loading
// checks, and none of the model's hostile strings runs or becomes markup.
//
// Chromium is /usr/bin/chromium (or $CHROMIUM); Playwright never downloads a
// browser (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 in run.sh).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
let screenshot = null, minCharts = 1, shots = null;
const reports = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--screenshot') screenshot = args[++i];
  else if (args[i] === '--min-charts') minCharts = parseInt(args[++i], 10);
  else if (args[i] === '--shots') shots = args[++i];
  else reports.push(args[i]);
}
if (!reports.length) {
  console.error('usage: node report_test.mjs [--screenshot OUT.png] [--min-charts N] [--shots DIR] REPORT.html [ESCAPE.html]');
  process.exit(2);
}

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

const profile = mkdtempSync(join(tmpdir(), 'accord-chromium-'));
// A fresh profile (Playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

// Open a report; record console errors, page errors and every request that
// is not the page itself.
async function open(file) {
  const url = pathToFileURL(resolve(file)).href;
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    problems.push(`outside request: ${u}`);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(200);
  return { page, problems };
}

// ---- the main report ----
{
  const file = reports[0];
  const { page, problems } = await open(file);
  check(problems.length === 0, `${file}: loads with no console error and no outside request` +
        (problems.length ? `\n       ${problems.join('\n       ')}` : ''));

  const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => {
    const visible = s.getClientRects().length > 0;
    const b = visible ? s.getBBox() : { width: 0, height: 0 };
    return { title: s.querySelector('title')?.textContent || '', visible, w: b.width, h: b.height,
             shapes: s.querySelectorAll('rect, path, circle, polygon, line, text').length };
  }));
  check(charts.length >= minCharts, `${charts.length} SVG charts (at least ${minCharts})`);
  check(charts.every((c) => c.title.length > 0), 'every chart has a title');
  check(charts.every((c) => c.shapes >= 10 && (!c.visible || (c.w > 50 && c.h > 50))),
        `every chart is drawn (${charts.filter((c) => c.visible).length} visible, each with a non-empty bounding box)`);

  // Ids are unique (several charts share one document).
  const dupIds = await page.evaluate(() => {
    const seen = new Set(), dup = [];
    document.querySelectorAll('[id]').forEach((e) => { if (seen.has(e.id)) dup.push(e.id); seen.add(e.id); });
    return dup;
  });
  check(dupIds.length === 0, `element ids are unique${dupIds.length ? ': ' + dupIds.slice(0, 5).join(', ') : ''}`);

  // Every link to a source opens safely.
  const unsafe = await page.$$eval('a[href^="http"]', (as) => as.filter((a) => !/noopener/.test(a.rel)).length);
  check(unsafe === 0, 'every outside link has rel="noopener"');

  // Tabs of the heat maps.
  const tabs = await page.$$('[data-tabs] [role=tab]');
  if (tabs.length > 1) {
    await tabs[1].click();
    const hidden = await page.$$eval('[role=tabpanel]', (ps) => ps.map((p) => p.hidden));
    check(hidden[1] === false && hidden[0] === true, 'heat-map tabs switch panels');
  }

  // The explorer: on load the script recomputes every party; it must agree
  // with what the library wrote into the page.
  if (await page.$('#x-form')) {
    const html = readFileSync(file, 'utf8');
    const written = [];
    if (html) for (const m of html.matchAll(/id="x-u-(\d+)">([^<]*)</g)) written[+m[1]] = m[2];
    const shown = await page.$$eval('[id^="x-u-"]', (els) => els.map((e) => e.textContent));
    check(written.length === shown.length && written.every((w, i) => w === shown[i]),
          `explorer: the page's script computes what the library wrote (${shown.join(', ')})`);

    // Change options until some party's utility changes.
    const selects = await page.$$('select.x-opt');
    let changed = false, what = '';
    for (let i = 0; i < selects.length && !changed; i++) {
      const n = await selects[i].evaluate((s) => s.options.length);
      const cur = await selects[i].evaluate((s) => s.selectedIndex);
      for (let k = 0; k < n && !changed; k++) {
        if (k === cur) continue;
        await selects[i].selectOption({ index: k });
        const now = await page.$$eval('[id^="x-u-"]', (els) => els.map((e) => e.textContent));
        if (now.some((u, j) => u !== shown[j])) {
          changed = true;
          what = `issue ${i}, option ${k}: ${shown.join(', ')} -> ${now.join(', ')}`;
        }
      }
    }
    check(changed, `explorer: changing an option changes the displayed utilities (${what})`);
    const base = await page.$('#x-base');
    if (base) { // a proposal to compare with
      const marked = await page.$$eval('table.x-issues tr.changed', (rows) => rows.length);
      check(marked >= 1, 'explorer: the changed issue is marked');
      await page.click('#x-reset');
      const back = await page.$$eval('[id^="x-u-"]', (els) => els.map((e) => e.textContent));
      check(back.every((u, j) => u === shown[j]), 'explorer: reset returns to the proposal');
    }
  }

  // The claims: each with a verdict, what it rests on and what would flip it.
  if (await page.$('#claims')) {
    const cl = await page.evaluate(() => ({
      claims: document.querySelectorAll('#claims article.claim').length,
      verdicts: document.querySelectorAll('#claims article.claim p.claim-verdict').length,
      rests: document.querySelectorAll('#claims article.claim table.claim-depends tbody tr').length,
      nav: !!document.querySelector('nav.toc a[href="#claims"]'),
      first: document.querySelector('main > section').id,
    }));
    check(cl.claims > 0 && cl.verdicts === cl.claims && cl.rests > 0 && cl.nav && cl.first === 'claims',
          `claims: ${cl.claims} claims, ${cl.verdicts} verdicts, ${cl.rests} dependencies, first section, in the navigation`);
  }

  // The evidence: the texts side by side, the timeline, each party's numbers.
  if (await page.$('#evidence')) {
    const ev = await page.evaluate(() => ({
      texts: document.querySelectorAll('#texts table.texts tbody tr').length,
      proposals: document.querySelectorAll('#texts table.texts thead th').length - 1,
      timeline: document.querySelectorAll('#timeline ol.timeline li').length,
      parties: document.querySelectorAll('#evidence details.evidence-party').length,
      summary: document.querySelectorAll('#evidence table.evidence-summary tbody tr').length,
      nav: ['texts', 'timeline', 'evidence'].every((id) => document.querySelector(`nav.toc a[href="#${id}"]`)),
    }));
    check(ev.texts > 0 && ev.proposals > 0 && ev.timeline > 0 && ev.parties > 0 &&
          ev.summary === ev.parties && ev.nav,
          `evidence sections: ${ev.texts} issues x ${ev.proposals} texts, ${ev.timeline} timeline items, ` +
          `${ev.parties} parties' tables, in the navigation`);
    // A party's folded table opens; its first source link opens the folded
    // list of sources at that source.
    const party = await page.$('#evidence details.evidence-party');
    await party.evaluate((d) => d.querySelector('summary').click());
    const opened = await party.evaluate((d) => d.open && d.querySelector('table.evidence').getClientRects().length > 0);
    check(opened, 'evidence: a party\'s table opens');
    const link = await page.$('#evidence details[open] a.src-ref');
    if (link) {
      const href = await link.getAttribute('href');
      await link.click();
      await page.waitForTimeout(150);
      const shown = await page.evaluate((id) => {
        const el = document.getElementById(id);
        const d = el && el.closest('details');
        return !!el && el.getClientRects().length > 0 && (!d || d.open);
      }, href.slice(1));
      check(shown, `evidence: a source link opens the list of sources at ${href}`);
    }
    // No layout overflow, every fold open, at a desktop and a phone width:
    // nothing in the new sections reaches past its section, except inside a
    // scrolling box (.scroll), which itself stays inside.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const over = await page.evaluate(() => {
        document.querySelectorAll('details').forEach((d) => { d.open = true; });
        const out = [];
        for (const id of ['claims', 'texts', 'timeline', 'evidence']) {
          const sec = document.getElementById(id);
          if (!sec) continue;
          const right = sec.getBoundingClientRect().right + 1;
          sec.querySelectorAll('*').forEach((e) => {
            const inside = e.parentElement && e.parentElement.closest('.scroll');
            if (inside && sec.contains(inside)) return;
            const r = e.getBoundingClientRect();
            if (r.width > 0 && r.right > right) out.push(`${id} ${e.tagName.toLowerCase()}.${e.className}`);
          });
          if (sec.getBoundingClientRect().right > document.documentElement.clientWidth + 1) out.push(id);
        }
        return out;
      });
      check(over.length === 0, `evidence: no layout overflow at ${width}px` +
            (over.length ? `: ${over.slice(0, 5).join(', ')}` : ''));
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = false; }));
  }

  // Print: every heat map on paper, navigation hidden.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => ({
    panels: [...document.querySelectorAll('[role=tabpanel]')].filter((p) => getComputedStyle(p).display !== 'none').length,
    total: document.querySelectorAll('[role=tabpanel]').length,
    nav: getComputedStyle(document.querySelector('nav.toc') || document.body).display,
  }));
  check(printed.panels === printed.total && (printed.nav === 'none' || !(await page.$('nav.toc'))),
        `print stylesheet: ${printed.panels} of ${printed.total} heat maps shown, navigation hidden`);
  const pdf = await page.pdf({ format: 'A4' });
  check(pdf.length > 10000, `prints to PDF (${pdf.length} bytes)`);
  await page.emulateMedia({ media: 'screen' });

  if (screenshot) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`     screenshot: ${screenshot}`);
  }
  if (shots) { // one picture per section, to look at
    mkdirSync(shots, { recursive: true });
    const sections = await page.$$('header.top, main > section');
    for (let i = 0; i < sections.length; i++)
      await sections[i].screenshot({ path: join(shots, `section-${String(i).padStart(2, '0')}.png`) });
  }
  await page.close();
}

// ---- the hostile model ----
if (reports[1]) {
  const file = reports[1];
  const { page, problems } = await open(file);
  check(problems.length === 0, `${file}: loads with no console error and no outside request` +
        (problems.length ? `\n       ${problems.join('\n       ')}` : ''));
  const result = await page.evaluate(() => ({
    xss: window.__xss,
    scripts: document.scripts.length,
    imgs: document.images.length,
    bold: document.querySelectorAll('main b, header b, h1 b').length,
    injectedH1: document.querySelectorAll('h1').length,
    jsLinks: [...document.querySelectorAll('a')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') || '')).length,
    text: document.body.innerText,
    title: document.title,
  }));
  check(result.xss === undefined, 'no string of the model ran as script');
  check(result.scripts === 2, `only the report's own two scripts are in the page (${result.scripts})`);
  check(result.imgs === 0 && result.bold === 0 && result.injectedH1 === 1, 'no string of the model became markup');
  check(result.jsLinks === 0, 'no javascript: link');
  check(result.text.includes('<script>alert(1)</script>'), 'a party named <script>alert(1)</script> shows as text');
  check(result.text.includes('"&\'<>'), 'quotes, ampersands and angle brackets show as text');
  check(result.title.startsWith('</title><script>'), 'the document title shows the model title as text');
  // The explorer still works on hostile data.
  const sel = await page.$('select.x-opt');
  if (sel) {
    const before = await page.$$eval('[id^="x-u-"]', (els) => els.map((e) => e.textContent));
    await sel.selectOption({ index: 0 });
    const after = await page.$$eval('[id^="x-u-"]', (els) => els.map((e) => e.textContent));
    const redText = await page.$$eval('[id^="x-r-"]', (els) => els.map((e) => e.textContent).join(' '));
    check(before.join() !== after.join(), `explorer on the hostile model: ${before.join(', ')} -> ${after.join(', ')}`);
    const xss = await page.evaluate(() => window.__xss);
    check(xss === undefined && !/undefined/.test(redText), 'explorer writes model text as text');
  }
  await page.close();
}

await browser.close();
rmSync(profile, { recursive: true, force: true });
console.log(failures ? `${failures} check(s) failed` : 'all browser checks passed');
process.exit(failures ? 1 : 0);
