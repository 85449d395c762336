// The extension activates in the real workbench when a pattern file opens, VS Code's own Running Extensions view
// lists it with its activation time, and its commands appear in the Command Palette.
import fs from 'node:fs';
import path from 'node:path';
import { runningExtensionActivation } from '../../scripts/codeserver.mjs';

export const name = 'activation in the workbench';

export async function run(ctx) {
  const { page } = ctx;
  const manifest = JSON.parse(fs.readFileSync(path.join(ctx.repo, 'package.json'), 'utf8'));

  await ctx.check('the fixture workspace is listed in the file explorer', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'orders.eventpattern.json' }).waitFor();
  });

  await ctx.check('opening a pattern file activates EventLens (Developer: Show Running Extensions)', async () => {
    await ctx.openFile('orders.eventpattern.json');
    await page.locator('.editor-group-container.active .view-lines', { hasText: 'detail-type' }).waitFor();
    ctx.metric('activationMs (Running Extensions)', await runningExtensionActivation(page, manifest.name));
  });

  await ctx.check('EventLens commands are listed in the Command Palette', async () => {
    await page.locator('.editor-group-container.active .view-lines', { hasText: 'detail-type' }).click();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>EventLens:');
    const rows = page.locator('.quick-input-list .monaco-list-row .label-name', { hasText: /^EventLens: / });
    await rows.first().waitFor();
    ctx.log(`commands shown: ${(await rows.allInnerTexts()).join(' | ')}`);
    await ctx.screenshot('activation.png');
    await page.keyboard.press('Escape');
  });
}
