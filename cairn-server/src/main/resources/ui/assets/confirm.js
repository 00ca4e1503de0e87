// A modal confirmation in the page's own <dialog> (focus is trapped and Escape cancels), with the
// question inserted as text.

/** Asks; resolves true when the user confirms. */
export function confirmDialog(question) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = question;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}
