/**
 * Copies text with the Clipboard API. It needs a secure context (https): on a plain-http portal
 * this answers false and the page asks the citizen to copy by hand (the code is select-all).
 */
export async function copyText(text: string): Promise<boolean> {
  if (!window.isSecureContext || !('clipboard' in navigator)) {
    return false;
  }
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
