// Drives Debian's Chromium (headless) through the vaekit explorer with playwright-core.
// Usage: node explorer.test.mjs URL OUT_DIR [colour]. Exits 0 when every check passed; prints one JSON line of what it
// saw. With "colour" (a run of colour images) it also checks that the hovered test image, the decodes and the samples
// are drawn in colour, and names its screenshots explorer-colour-*.png.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [url, out, mode] = process.argv.slice(2);
if (!url || !out || (mode !== undefined && mode !== 'colour')) {
  console.error('usage: node explorer.test.mjs URL OUT_DIR [colour]');
  process.exit(2);
}
const colour = mode === 'colour';
const shot = (view) => `${out}/explorer-${colour ? 'colour-' : ''}${view}.png`;
mkdirSync(out, { recursive: true });

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const seen = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      errors.push(m.text());
    }
  });
  await page.goto(url, { timeout: 240000 });
  // the timeouts below guard against a hang; they are sized for a machine busy with other work, and a wait ends as
  // soon as its condition holds
  await page.waitForSelector('body[data-ready="true"]', { timeout: 240000 });
  await page.waitForFunction(() => document.getElementById('anomaly-list').children.length > 0, null,
    { timeout: 240000 });
  await page.waitForFunction(() => Number(document.getElementById('curves').dataset.version || 0) > 0, null,
    { timeout: 180000 });
  seen.points = await page.evaluate(() => window.vaekit.pointCount());
  check(seen.points > 10, `only ${seen.points} points on the latent map`);
  // Pixels of a canvas whose red, green and blue differ by more than 24 levels.
  const colouredPixels = (id) => page.evaluate((i) => {
    const c = document.getElementById(i);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 0; k < d.length; k += 4) {
      if (Math.max(d[k], d[k + 1], d[k + 2]) - Math.min(d[k], d[k + 1], d[k + 2]) > 24) {
        n++;
      }
    }
    return n;
  }, id);
  if (colour) {
    // Hovering over a test image's dot shows the image, in its colours.
    const p = await page.evaluate(() => window.vaekit.pointPosition(0));
    await page.mouse.move(p.x, p.y);
    await page.waitForSelector('#hover:not([hidden])', { timeout: 60000 });
    seen.hoverColoured = (await colouredPixels('hover-image')) > 0;
    check(seen.hoverColoured, 'the hovered test image is drawn without colour');
  }
  await page.screenshot({ path: shot('page'), fullPage: true });

  // Two clicks in empty-ish parts of the map: each decodes, and the two decodes differ.
  const map = page.locator('#map');
  const box = await map.boundingBox();
  const decoded = async () => page.evaluate(() => document.getElementById('decoded').toDataURL());
  const version = async (id) => page.evaluate((i) => Number(document.getElementById(i).dataset.version || 0), id);
  const clickAndDecode = async (fx, fy) => {
    const before = await version('decoded');
    await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
    await page.waitForFunction((b) => Number(document.getElementById('decoded').dataset.version || 0) > b, before,
      { timeout: 120000 });
    return decoded();
  };
  const first = await clickAndDecode(0.02, 0.02);
  const second = await clickAndDecode(0.98, 0.98);
  seen.decodesDiffer = first !== second;
  check(seen.decodesDiffer, 'decoding two far-apart points gave the same image');
  if (colour) {
    seen.decodeColoured = (await colouredPixels('decoded')) > 0;
    check(seen.decodeColoured, 'the decoded image is drawn without colour');
  }
  await page.locator('#latent').screenshot({ path: shot('latent') });

  // Pick two test images (A, B) by clicking their dots: the interpolation strip is drawn.
  for (const index of [0, 1]) {
    const p = await page.evaluate((i) => window.vaekit.pointPosition(i), index);
    await page.mouse.click(p.x, p.y);
  }
  await page.waitForFunction(() => Number(document.getElementById('path').dataset.version || 0) > 0, null,
    { timeout: 120000 });
  seen.picked = await page.locator('#picked').textContent();
  check(seen.picked.includes('A =') && seen.picked.includes('B ='), `picking gave "${seen.picked}"`);
  await page.locator('#interpolation').screenshot({ path: shot('interpolation') });

  // The temperature slider redraws the samples, and they change.
  const samplesBefore = await page.evaluate(() => document.getElementById('sample-grid').toDataURL());
  const sampleVersion = await version('sample-grid');
  await page.locator('#temperature').fill('0.3');
  await page.waitForFunction((b) => Number(document.getElementById('sample-grid').dataset.version || 0) > b,
    sampleVersion, { timeout: 120000 });
  const samplesAfter = await page.evaluate(() => document.getElementById('sample-grid').toDataURL());
  seen.temperature = await page.locator('#temperature-value').textContent();
  check(seen.temperature === '0.3', `temperature shows ${seen.temperature}`);
  check(samplesBefore !== samplesAfter, 'the samples did not change with the temperature');
  if (colour) {
    seen.samplesColoured = (await colouredPixels('sample-grid')) > 0;
    check(seen.samplesColoured, 'the samples are drawn without colour');
  }
  await page.locator('#samples').screenshot({ path: shot('samples') });
  // The latent traversal: one row per code dimension (two in the grey test run), drawn once the model's views are
  // loaded.
  await page.waitForFunction(() => Number(document.getElementById('traversal-grid').dataset.version || 0) > 0, null,
    { timeout: 120000 });
  if (!colour) {
    seen.traversalRows = await page.evaluate(() => document.getElementById('traversal-grid').height / 32);
    check(seen.traversalRows === 2, `the traversal has ${seen.traversalRows} rows, not one per code dimension`);
  }
  seen.traversal = await page.locator('#traversal-note').textContent();
  check(seen.traversal.includes('most informative first'), `the traversal note reads "${seen.traversal}"`);
  await page.locator('#traversal').screenshot({ path: shot('traversal') });
  await page.locator('#training').screenshot({ path: shot('training') });
  await page.locator('#anomalies').screenshot({ path: shot('anomalies') });

  check(errors.length === 0, `errors in the page: ${errors.join('; ')}`);
  console.log(JSON.stringify({ ok: true, ...seen }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error.message || error), ...seen }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
