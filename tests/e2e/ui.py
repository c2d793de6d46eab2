"""What every browser test of a main page checks: nothing wider than the screen at 1366 and
390 px, and no serious or critical accessibility violation by axe-core (vendored under
static/vendor/axe-core, loaded from our own origin so that the CSP lets it run)."""

from tests.conftest import DEMO_PASSWORD
from tests.helpers import finish_login

WIDTHS = (1366, 390)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      let inside = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
      }
      if (!inside) wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' ' + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}"""

AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' · ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    finish_login(page, username)


def assert_fits_and_accessible(page, label: str) -> None:
    """The page at the current viewport: no horizontal overflow, no serious axe violation."""
    page.wait_for_load_state("load")
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["width"] + 1, f"{label}: {fit['scroll']} px wide in {fit['width']} px: {fit['wide']}"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    violations = page.evaluate(AXE, AXE_TAGS)
    assert violations == [], f"{label}: {violations}"


def check_pages(page, base: str, paths: list[str], name: str) -> None:
    """Each page at 1366 and at 390 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(f"{base}{path}")
            assert_fits_and_accessible(page, f"{name} {path} at {width} px")
