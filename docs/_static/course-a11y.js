// Keyboard access to blocks that scroll: a <pre> (code or program output) or a display formula
// (div.math) whose content is wider or taller than its box gets tabindex="0", so Tab reaches it
// and the arrow keys scroll it.
// Re-checked whenever a block or the window changes size (narrow screens make more blocks scroll).
// Added by docs/_ext/course_a11y.py.
(() => {
  const update = (block) => {
    const scrolls =
      block.scrollWidth > block.clientWidth + 1 || block.scrollHeight > block.clientHeight + 1;
    if (scrolls) block.setAttribute("tabindex", "0");
    else if (block.dataset.courseFocusable !== "keep") block.removeAttribute("tabindex");
  };
  const start = () => {
    const blocks = document.querySelectorAll("article pre, article div.math");
    const observer = new ResizeObserver((entries) => entries.forEach((e) => update(e.target)));
    blocks.forEach((block) => {
      update(block);
      observer.observe(block);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
