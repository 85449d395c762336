// Editing a pattern in the real workbench: typing a quote inside a pattern opens the suggest widget with EventLens's
// keys, accepting one inserts it with its value array, and leaving the array empty draws AWS's error as a squiggle.
// Also the dialect in the status bar. Takes media/screenshot-editor.png for the README.
export const name = 'editor: completion and diagnostics while typing';
// (The details panel shown in the screenshot is the operator table's documentation, the same text hover shows.)

export async function run(ctx) {
  const { page } = ctx;
  const suggestions = page.locator('.suggest-widget.visible .monaco-list-row .label-name');

  await ctx.check('the status bar shows the file\'s dialect', async () => {
    await ctx.openFile('editor/orders.eventpattern.json');
    await page.locator('.statusbar-item', { hasText: 'EventBridge pattern' }).first().waitFor();
  });

  await ctx.check('typing " at a key position opens the suggest widget with the missing envelope keys', async () => {
    // Line 10 closes "detail": add a key after it, the last of the pattern.
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(':10');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.type(',');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"');
    await suggestions.filter({ hasText: /^account$/ }).first().waitFor();
    const labels = await suggestions.allInnerTexts();
    ctx.log(`suggestions: ${labels.join(', ')}`);
    if (labels.includes('source')) throw new Error('"source" is already in the pattern but was suggested again');
  });

  await ctx.check('accepting inserts the key with its value array; an empty array is squiggled with AWS\'s reason', async () => {
    await page.keyboard.type('acc');
    await suggestions.filter({ hasText: /^account$/ }).first().waitFor();
    await page.keyboard.press('Enter');
    const line = page.locator('.editor-group-container.active .view-line', { hasText: '"account": []' });
    await line.first().waitFor();
    await page.locator('.editor-group-container.active .squiggly-error').first().waitFor({ state: 'attached' });
    // The error's message is AWS's: show the hover at the cursor (inside the squiggled []).
    await ctx.runCommand('Show or Focus Hover');
    await page.locator('.monaco-hover', { hasText: 'Empty arrays are not allowed' }).first().waitFor();
    await page.keyboard.press('Escape');
  });

  await ctx.check('inside the value array, operators and sample values are suggested', async () => {
    // The cursor is inside the [] of "account" after accepting the snippet.
    await page.keyboard.type('{');
    // Scroll the line back into full view (accepting the snippet may leave the editor scrolled sideways).
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Space');
    await suggestions.filter({ hasText: /^(prefix|anything-but|exists)$/ }).first().waitFor();
    // A second Ctrl+Space opens the details: the operator's documentation with its pitfall.
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-details', { hasText: 'Pitfall' }).first().waitFor();
    await ctx.screenshot('editor.png');
    await page.keyboard.press('Escape');
  });
}
