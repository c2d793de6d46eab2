"""What every browser test of a main page checks: nothing wider than the screen at 1366 and
390 px, no serious or critical accessibility violation by axe-core (vendored under
static/vendor/axe-core, loaded from our own origin so that the CSP lets it run), and no text
of the other language outside user data.

User data (names, organizations, descriptions people wrote) is marked in the templates with
``data-user-content`` on its element; a text known to be in another language than the page's
also carries its ``lang`` (the ``translated`` and ``person`` filters do both); codes that are
never translated (badge codes) carry ``translate="no"``. Outside those,
an English page shows no Chinese characters and a Chinese page no words of Latin letters
but the allowed ones (brand names, units, file formats, addresses, codes)."""

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


# Latin words a Chinese page may show outside user data: names of brands, file formats,
# units and standards that Chinese writes in Latin letters too.
LATIN_ALLOWED = [
    "PDF",
    "XLSX",
    "CSV",
    "JSON",
    "ZIP",
    "DOCX",
    "JPEG",
    "PNG",
    "Excel",
    "Word",
    "QR",
    "ID",
    "VIP",
    "URL",
    "iCalendar",
    "iCal",
    "ICS",
    "Email",
    "TOTP",
    "FreeOTP",
    "Google",
    "Microsoft",
    "Authenticator",
    "App",
    "m2",
    "km",
    "kg",
    "MB",
    "KB",
    "GB",
    "CNY",
    "RMB",
    "USD",
    "UTC",
    "ISO",
    "NEAE",
]

LANGUAGE_LEAKS = """(allowed) => {
  const page = (document.documentElement.lang || '').toLowerCase();
  const chinese = page.startsWith('zh');
  const han = /[\\u3400-\\u9fff\\uf900-\\ufaff]/;
  const skip = 'script, style, noscript, template, svg, code, kbd, samp, textarea, [data-user-content], [translate=no]';
  const words = new RegExp('\\\\b(' + allowed.slice().sort((a, b) => b.length - a.length).join('|') + ')\\\\b', 'g');
  const leaks = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
    const el = node.parentElement;
    if (!text || !el || el.closest(skip)) continue;
    const marked = el.closest('[lang]');
    if (marked && marked !== document.documentElement && !marked.lang.toLowerCase().startsWith(page.slice(0, 2))) continue;
    if (!el.checkVisibility({visibilityProperty: true}) && !el.closest('.sr-only')) continue;
    if (chinese) {
      let rest = text
        .replace(/[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+/g, ' ')
        .replace(/https?:\\/\\/\\S+|\\/[\\w\\/.?=&-]*/g, ' ')
        .replace(/\\b[A-Za-z]*\\d[\\w-]*\\b/g, ' ');
      rest = rest.replace(words, ' ');
      const latin = rest.match(/[A-Za-z]{2,}/g);
      if (latin) leaks.push(latin.slice(0, 3).join(' ') + ' in <' + el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + '>: ' + text.slice(0, 60));
    } else if (han.test(text)) {
      leaks.push('<' + el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + '>: ' + text.slice(0, 60));
    }
  }
  return leaks.slice(0, 8);
}"""


def assert_no_language_leak(page, label: str) -> None:
    """No Chinese on an English page, no English words on a Chinese page, outside user data."""
    leaks = page.evaluate(LANGUAGE_LEAKS, LATIN_ALLOWED)
    assert leaks == [], f"{label}: text of the other language outside user data: {leaks}"


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
    assert_no_language_leak(page, label)


def check_pages(page, base: str, paths: list[str], name: str) -> None:
    """Each page at 1366 and at 390 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(f"{base}{path}")
            assert_fits_and_accessible(page, f"{name} {path} at {width} px")


def collect_leaks(page, base: str, paths: list[str]) -> dict[str, list[str]]:
    """The language leaks of each page (for a report of all at once rather than the first)."""
    found = {}
    for path in paths:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("load")
        leaks = page.evaluate(LANGUAGE_LEAKS, LATIN_ALLOWED)
        if leaks:
            found[path] = leaks
    return found
