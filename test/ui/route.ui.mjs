// "Route Event Through Bus…" in the real workbench, against the demo account of `npm run demo`: from the bus's
// inline action in the explorer, pick a workspace event, and see which rules match and what each target receives
// (input transformers applied). Takes the README screenshot media/screenshot-route.png.
export const name = 'Route an event through a bus';

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

  await ctx.check('the notifications bus offers "Route Event Through Bus…" in the explorer', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="EventLens"], .activitybar .action-item[aria-label^="EventLens"]').first().click();
    await row(page, 'us-east-1').waitFor();
    await expand(page, 'Event buses');
    const bus = row(page, 'notifications').first();
    await bus.waitFor();
    await bus.hover();
    await bus.locator('[aria-label^="Route Event Through Bus"]').first().click();
  });

  await ctx.check('picking a workspace event shows matched rules with the transformed payloads', async () => {
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('order-shipped-acme');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'order-shipped-acme' }).first().click();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('h1', { hasText: 'on bus notifications' }).waitFor({ timeout: 30000 });
    await frame.locator('text=order-shipped-email').first().waitFor();
    await frame.locator('pre', { hasText: 'Order o-20240304-0042 left the warehouse with DHL.' }).first().waitFor();
    await frame.locator('text=order-delivered-survey').first().waitFor();
  });

  await ctx.check('screenshot of the route result', async () => {
    await ctx.screenshot('route.png');
  });
}
