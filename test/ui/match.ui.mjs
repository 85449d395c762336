// The match lens in the real workbench: click "▶ Match sample event…" above a pattern, pick a sample in the Quick Pick,
// and see the ✓/✗ marks on the pattern's clauses, the summary lens, the hover, and the sample opened beside.
export const name = 'match lens in the workbench';

/** The after-line texts EventLens draws (they live in CSS ::after content, not in the DOM text). */
async function afterTexts(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('.editor-group-container .view-lines span')) {
      const c = getComputedStyle(el, '::after').content;
      if (c && c !== 'none' && c !== 'normal') out.push(c.replace(/^"|"$/g, ''));
    }
    return out;
  });
}

async function waitForAfter(page, predicate, what) {
  const deadline = Date.now() + 15000;
  let last = [];
  while (Date.now() < deadline) {
    last = await afterTexts(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(100); // polling the rendered decorations; the predicate is what we wait for
  }
  throw new Error(`${what} not drawn; after-line texts: ${JSON.stringify(last)}`);
}

async function pickInQuickPick(page, text) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor();
  await row.click();
}

export async function run(ctx) {
  const { page } = ctx;
  const lens = page.locator('.editor-group-container.active .codelens-decoration a');

  await ctx.check('the lens "▶ Match sample event…" is shown above the pattern', async () => {
    await ctx.openFile('match/orders.eventpattern.json');
    await lens.filter({ hasText: 'Match sample event' }).first().waitFor();
  });

  await ctx.check('the sample picker starts on the samples the pattern names, grouped by origin, with short descriptions', async () => {
    await lens.filter({ hasText: 'Match sample event' }).first().click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    try {
      await rows.first().waitFor();
      // The rows as rendered (a group's title is drawn on its first row, as a separator label).
      const labels = (await rows.locator('.label-name').allInnerTexts()).map(t => t.trim());
      const texts = (await rows.allInnerTexts()).map(t => t.replace(/\s+/g, ' ').trim());
      ctx.log(`picker rows: ${texts.slice(0, 8).join(' | ')}`);
      const title = (await page.locator('.quick-input-widget .quick-input-title').first().innerText()).trim();
      if (title !== 'Match sample event · orders.eventpattern.json') throw new Error(`the picker's title does not name the pattern's file: ${title}`);
      if (labels[0] !== 'order-cancelled.json') throw new Error(`the first row is not the pattern's first workspace sample: ${texts[0]}`);
      if (!texts[0].includes('Named by this pattern · workspace')) throw new Error(`the first row does not say where its group comes from: ${texts[0]}`);
      if (!texts[0].includes('Order Status Changed · match/events')) throw new Error(`the first row's description is not "detail-type · folder": ${texts[0]}`);
      if (texts.some(t => /https?:\/\//.test(t))) throw new Error(`a row shows a URL: ${texts.find(t => /https?:\/\//.test(t))}`);
      const generate = labels.findIndex(l => l.includes('Generate sample from this pattern'));
      if (generate !== -1 && generate < labels.indexOf('order-created.json')) throw new Error('"Generate sample" comes before the workspace samples');
      await ctx.screenshot('picker.png');
    } finally {
      await page.keyboard.press('Escape');
    }
  });

  await ctx.check('clicking the lens and picking a sample shows ✗ on the failing clause and opens the sample beside', async () => {
    await lens.filter({ hasText: 'Match sample event' }).first().click();
    await pickInQuickPick(page, 'order-cancelled.json');
    const texts = await waitForAfter(page, t => t.some(x => x.startsWith('✗') && x.includes('cancelled')), 'the ✗ mark on detail.status');
    ctx.log(`marks: ${texts.join(' | ')}`);
    if (!texts.includes('✓')) throw new Error('no ✓ mark on the clauses that hold');
    await page.locator('.tabs-container .tab[aria-label^="order-cancelled.json"]').first().waitFor();
    await page.locator('.codelens-decoration a', { hasText: '✗ order-cancelled.json does not match' }).first().waitFor();
  });

  await ctx.check('the gutter shows ✓/✗ icons', async () => {
    const icons = page.locator('.editor-group-container .margin-view-overlays .cgmr, .editor-group-container .glyph-margin-widgets .cgmr');
    await icons.first().waitFor();
    if ((await icons.count()) < 2) throw new Error(`only ${await icons.count()} gutter icon(s)`);
  });

  await ctx.check('a second sample gives the summary "✗ 1/2 samples match · order-cancelled.json ✗"', async () => {
    // The lens line holds both lenses; the first one is the picker.
    await page.locator('.codelens-decoration a', { hasText: 'Match sample event' }).first().click();
    await pickInQuickPick(page, 'order-created.json');
    await page.locator('.codelens-decoration a', { hasText: '✗ 1/2 samples match · order-cancelled.json ✗' }).first().waitFor();
  });

  await ctx.check('the summary lens lists the results; picking the failing sample shows its explanation again', async () => {
    await page.locator('.codelens-decoration a', { hasText: '1/2 samples match' }).first().click();
    await pickInQuickPick(page, 'order-cancelled.json');
    await waitForAfter(page, t => t.some(x => x.startsWith('✗') && x.includes('cancelled')), 'the ✗ mark for order-cancelled.json');
  });

  await ctx.check('hovering the failing clause explains it', async () => {
    const editor = page.locator('.editor-group-container').first();
    const word = editor.locator('.view-lines .view-line span span').filter({ hasText: /^"status"$/ }).first();
    // Close the side bar for a wider picture; restored below.
    await ctx.runCommand('View: Toggle Primary Side Bar Visibility');
    await word.hover();
    const hover = page.locator('.monaco-hover', { hasText: 'detail.status' });
    await hover.first().waitFor();
    const text = await hover.first().innerText();
    if (!/expected one of "created" or "paid"/.test(text) || !/"cancelled"/.test(text)) throw new Error(`the hover does not explain the clause: ${text}`);
    await ctx.screenshot('match.png');
    await page.keyboard.press('Escape');
    await ctx.runCommand('View: Toggle Primary Side Bar Visibility');
  });
}
