// History-API routing: console links change the URL with pushState and the current view is
// replaced; the back and forward buttons (popstate) do the same. Every console path is served
// the same page by the node, so a deep link or a reload lands on the right view.

let render = () => {};

/** Starts routing: render() runs now and after every navigation. */
export function start(onRoute) {
  render = onRoute;
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest('a[href]');
    if (!a || a.target || a.origin !== location.origin || !a.pathname.startsWith('/ui/')) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
  render();
}

/** Goes to a console path as a new history entry. */
export function navigate(href) {
  if (href !== location.pathname + location.search) history.pushState(null, '', href);
  render();
}
