// The HTML report's style and script, inlined into the page (no network at view time). The page
// reads fine without the script; the script adds search and sorting to the findings table.

export const HTML_STYLE = `
:root{--fail:#c62828;--warn:#ef8f00;--pass:#2e7d32;--incomplete:#6a1b9a;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
header{padding:20px 32px;background:var(--bg);border-bottom:1px solid var(--line)}
header h1{margin:0 0 4px;font-size:22px}
.scope{color:var(--muted)}
main{padding:8px 32px 32px;max-width:1400px}
h2{font-size:17px;margin:28px 0 10px}
.verdict{margin-top:14px;padding:12px 16px;border-radius:6px;color:#fff;font-weight:600}
.verdict.compliant{background:var(--pass)}.verdict.findings{background:var(--fail)}.verdict.incomplete{background:var(--incomplete)}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:230px;flex:1}
.card h3{margin:0 0 8px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.bar{display:flex;height:14px;border-radius:3px;overflow:hidden;background:#eaeef2;margin:4px 0}
.bar span{display:block;height:100%}
.bar .fail{background:var(--fail)}.bar .warn{background:var(--warn)}.bar .pass{background:var(--pass)}
.legend{font-size:12px;color:var(--muted)}
.heat{border-collapse:separate;border-spacing:3px}
.heat th{font-size:12px;font-weight:600;color:var(--muted);text-align:left;padding:0 6px}
.heat th.region{writing-mode:vertical-rl;transform:rotate(180deg);height:110px;white-space:nowrap;text-align:left;vertical-align:bottom}
.heat td{width:34px;height:30px;border-radius:4px;text-align:center;color:#fff;font-size:11px;font-weight:600}
td.fail,.sev.fail{background:var(--fail)}td.warn,.sev.warn{background:var(--warn)}td.pass,.sev.pass{background:var(--pass)}td.incomplete,.sev.incomplete{background:var(--incomplete)}
td.none{background:#eaeef2}
table.data{border-collapse:collapse;width:100%}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
table.data th{background:var(--bg);position:sticky;top:0;white-space:nowrap}
table.data td:nth-child(-n+3),table.data td:nth-child(6){white-space:nowrap}
table.data td:nth-child(7){min-width:260px}
table.data code{font-size:12px}
.sev{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
th[data-sort]{cursor:pointer;user-select:none}
th[data-sort]::after{content:" \\2195";color:var(--muted)}
th[aria-sort=ascending]::after{content:" \\2191"}th[aria-sort=descending]::after{content:" \\2193"}
.tools{display:flex;gap:12px;align-items:center;margin-bottom:8px}
.tools[hidden]{display:none}
.tools input{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px;min-width:320px}
.muted{color:var(--muted)}
pre{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:10px 14px;overflow:auto}
ul.errors li{margin:2px 0}
dl.codes dt{font-weight:600;margin-top:8px}dl.codes dd{margin:2px 0 0 0;color:var(--muted)}
footer{padding:16px 32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
`;

/** Search and sort for the findings table; runs only when scripts are allowed. */
export const HTML_SCRIPT = `
(function () {
  var table = document.getElementById("findings");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  document.getElementById("tools").hidden = false;
  function filter() {
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var n = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var keep = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !keep;
      if (keep) n++;
    });
    shown.textContent = n + " of " + rows.length + " shown";
  }
  search.addEventListener("input", filter);
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    if (!th.hasAttribute("data-sort")) return;
    th.tabIndex = 0;
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var key = function (row) { var c = row.cells[column]; return c.getAttribute("data-key") || c.textContent; };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x.localeCompare(y, undefined, { numeric: true });
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
  });
  filter();
})();
`;
