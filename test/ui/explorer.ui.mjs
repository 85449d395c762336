// The AWS explorer in the real workbench, against the local AWS server the harness starts (the demo account of
// `npm run demo`): connect from the welcome view, expand Region → Event buses → bus → rule → target, open the rule's
// pattern from the tree, see it as an EventLens pattern (match lens), and take the README screenshot.
export const name = 'AWS explorer';

/** Tree rows of the side bar whose label is exactly `label`. */
function row(page, label) {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  return page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[role="treeitem"]')
    .filter({ has: page.locator('.label-name', { hasText: exact }) });
}

async function expand(page, label) {
  const r = row(page, label).first();
  await r.waitFor();
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[role="treeitem"][aria-expanded="true"]')
    .filter({ has: page.locator('.label-name', { hasText: label }) }).first().waitFor();
}

export async function run(ctx) {
  const { page } = ctx;
  if (!ctx.aws) throw new Error('the local AWS server is not running (build it with node esbuild.mjs --tests)');

  await ctx.check('opening the EventLens view connects and shows the region with its event buses and SNS topics', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="EventLens"], .activitybar .action-item[aria-label^="EventLens"]').first().click();
    await page.locator('#workbench\\.parts\\.sidebar .composite.title', { hasText: /EventLens: AWS/i }).first().waitFor();
    await row(page, 'us-east-1').waitFor();
    await row(page, 'Event buses').waitFor();
    await row(page, 'SNS topics').waitFor();
  });

  await ctx.check('the status bar shows profile · region and the endpoint', async () => {
    const endpointHost = new URL(ctx.aws.endpoint).host;
    await page.locator('.statusbar-item', { hasText: `us-east-1 · ${endpointHost}` }).first().waitFor();
  });

  await ctx.check('expanding buses, a rule and its target lists them from the server', async () => {
    await expand(page, 'Event buses');
    await row(page, 'default').waitFor();
    await row(page, 'aws.partner/saasprovider.com/acme-7f3a/orders-feed').waitFor();
    await expand(page, 'orders');
    await row(page, 'high-value-orders').waitFor();
    await expand(page, 'order-created-to-fulfilment');
    await expand(page, 'fulfilment-sfn');
    await row(page, 'Input transformer').waitFor();
  });

  await ctx.check("clicking a rule's Event pattern opens it as an editable EventLens pattern", async () => {
    await row(page, 'Event pattern').first().click();
    await page.locator('.tabs-container .tab.active[aria-label^="order-created-to-fulfilment.eventpattern.json"]').waitFor();
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await editor.filter({ hasText: 'com.acme.checkout' }).waitFor();
    await page.locator('.editor-group-container.active .codelens-decoration a').first().waitFor();
    // The editor title offers the deploy and cross-check actions for explorer documents.
    await page.locator('.editor-group-container.active [aria-label^="Deploy to AWS"]').first().waitFor();
  });

  await ctx.check('screenshot of the explorer and an opened rule pattern', async () => {
    await expand(page, 'SNS topics');
    await row(page, 'order-events').waitFor();
    // A wider side bar, so the rows' descriptions (state, pattern, ARN) are readable in the picture.
    const sidebar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (sidebar) {
      const x = sidebar.x + sidebar.width + 1;
      const y = sidebar.y + sidebar.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 200, y, { steps: 8 });
      await page.mouse.up();
    }
    await ctx.screenshot('explorer.png');
  });
}
