// CDK code in the real workbench: a TypeScript stack shows the wildcard diagnostic on the Match.wildcard argument
// and the "▶ Match sample event…" lens above each rule; picking a sample draws ✓/✗ on the rule's clauses.
// Takes media/screenshot-cdk.png for the README.
export const name = 'CDK stack in the workbench';

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

export async function run(ctx) {
  const { page } = ctx;
  const lens = page.locator('.editor-group-container.active .codelens-decoration a');

  await ctx.check('the lens sits above the rule in lib/orders-stack.ts, and the wildcard error is squiggled', async () => {
    await ctx.openFile('cdk/lib/orders-stack.ts');
    await lens.filter({ hasText: 'Match sample event' }).first().waitFor();
    await page.locator('.editor-group-container .squiggly-error').first().waitFor();
  });

  await ctx.check('picking a sample marks the clauses of the CDK rule with ✓/✗', async () => {
    // The first rule does not compile (its lens says so); the CfnRule below it is the one a sample can match.
    await lens.filter({ hasText: 'Match sample event' }).nth(1).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('order-created.json');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'order-created.json' }).first();
    await row.waitFor();
    await row.click();
    const deadline = Date.now() + 15000;
    let texts = [];
    while (Date.now() < deadline) {
      texts = await afterTexts(page);
      if (texts.some(t => t.startsWith('✓') || t.startsWith('✗'))) break;
      await page.waitForTimeout(100); // polling the rendered decorations; the condition above is what we wait for
    }
    if (!texts.some(t => t.startsWith('✓') || t.startsWith('✗'))) throw new Error(`no ✓/✗ marks drawn: ${JSON.stringify(texts)}`);
    ctx.log(`marks: ${texts.join(' | ')}`);
    // The stack with its lens, marks and diagnostic, and the sample opened beside it.
    await ctx.screenshot('cdk.png');
  });
}
