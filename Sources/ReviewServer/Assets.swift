/// The app's style sheet and script, served by the binary itself so that review works offline.
/// Fonts are the system's: the CJK faces a reviewer's machine has (Noto CJK on Debian).
enum Assets {
    static let css = """
    :root { --ink: #1d1d1f; --muted: #6b6b70; --line: #d9d9de; --doubt: #fff4c2; --broken: #b3261e; --ok: #1b7f3b; --focus: #2f6feb; --done: #e6f4ea; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: #f6f6f8; }
    nav { display: flex; gap: 1.5em; align-items: baseline; padding: .5em 1.2em; background: #fff; border-bottom: 1px solid var(--line); }
    nav .brand { margin-left: auto; color: var(--muted); }
    main { max-width: 1600px; margin: 0 auto; padding: .6em 1.2em 6em; }
    h1 { font-size: 1.3em; margin: .3em 0; } h2 { font-size: 1.05em; margin: 0; display: inline; } h3 { font-size: 1em; margin: 1em 0 .3em; }
    .muted, .keys { color: var(--muted); }
    .keys kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 .35em; background: #fff; font-size: .9em; }
    .banner { background: #fff; border-left: 4px solid var(--ok); padding: .6em 1em; margin: 1em 0; }
    .banner.error { border-left-color: var(--broken); }
    .progress { display: flex; gap: .6em; align-items: center; margin: .2em 0; } .progress meter { width: 16em; height: 1em; }
    .report-head { margin-bottom: .6em; } .report-head p { margin: .2em 0; }
    #status { position: fixed; left: 50%; bottom: 1em; transform: translateX(-50%); z-index: 5; background: var(--ink); color: #fff; padding: .4em 1em; border-radius: 6px; max-width: 80vw; }
    #status:empty { display: none; } #status.error { background: var(--broken); }
    form.filters { display: flex; gap: 1em; flex-wrap: wrap; align-items: center; margin: .8em 0; }
    table.list { border-collapse: collapse; background: #fff; width: 100%; }
    .charts { display: flex; flex-wrap: wrap; gap: 1em; } .charts figure { margin: 0; background: #fff; padding: .4em; }
    .charts figcaption { font-size: .85em; color: var(--muted); text-align: center; }
    table.list th, table.list td { border-bottom: 1px solid var(--line); padding: .35em .6em; text-align: left; }
    table.list .num { text-align: right; font-variant-numeric: tabular-nums; } table.list tr.done { color: var(--muted); }
    details.section { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: .8em 0; padding: .5em .8em; }
    details.section > summary { cursor: pointer; }
    .sheet-and-source { display: grid; grid-template-columns: minmax(0, 1fr) minmax(300px, 42%); gap: 1em; align-items: start; margin-top: .5em; }
    .source { position: sticky; top: 0; max-height: 100vh; overflow: auto; border: 1px solid var(--line); background: #eee; }
    figure.page { position: relative; margin: 0 0 .5em; } figure.page img { width: 100%; display: block; background: #fff; }
    figure.page figcaption { color: var(--muted); font-size: .85em; padding: 0 .4em; }
    .outline { position: absolute; border: 2px solid var(--broken); background: rgba(255, 214, 0, .25); pointer-events: none; }
    table.sheet { border-collapse: separate; border-spacing: 0; background: #fff; margin: .3em 0 .8em; }
    table.sheet th, table.sheet td { border-right: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: .15em .35em; vertical-align: top; }
    table.sheet thead th { position: sticky; top: 0; z-index: 2; background: #f0f0f3; font-weight: 500; font-size: .9em; }
    table.sheet tbody th { text-align: left; font-weight: 400; max-width: 17em; background: #fafafb; }
    table.sheet td.cell { text-align: right; font-variant-numeric: tabular-nums; min-width: 4.5em; }
    table.sheet td.doubtful { background: var(--doubt); } table.sheet td.decided { background: var(--done); }
    table.sheet td.current { outline: 3px solid var(--focus); outline-offset: -2px; }
    table.sheet td.error { background: #fde2e0; }
    table.sheet input.value { width: 5.5em; font: inherit; text-align: right; border: 1px solid #bbb; border-radius: 3px; padding: 0 .2em; background: #fff; }
    table.sheet input.value.wide { width: 16em; text-align: left; }
    table.sheet td.absent input, table.sheet td.unreadable input { color: var(--muted); }
    small.why { display: block; font-size: .72em; color: var(--muted); text-align: left; max-width: 9em; line-height: 1.2; }
    td.error small.why { color: var(--broken); max-width: 16em; }
    small.readings { display: block; font-size: .72em; color: var(--broken); text-align: left; }
    aside.cell-info ul.readings img { display: block; max-width: 100%; margin: .2em 0 .4em; }
    td.sum, th.sum { font-size: .85em; color: var(--muted); white-space: nowrap; background: #f7f7f9; }
    td.sum.holds { color: var(--ok); } td.sum.broken { color: var(--broken); font-weight: 600; }
    aside.cell-info { position: sticky; bottom: 0; z-index: 3; background: #fff; border: 1px solid var(--focus); border-radius: 8px; padding: .5em .8em; margin-top: 1em; max-height: 40vh; overflow: auto; }
    aside.cell-info:empty { display: none; } aside.cell-info { display: flex; gap: 1em; align-items: flex-start; }
    aside.cell-info > div { flex: 1 1 auto; } aside.cell-info img { max-width: 50%; max-height: 150px; object-fit: contain; object-position: left top; }
    aside.cell-info ul { margin: .2em 0; padding-left: 1.2em; } aside.cell-info .undone { text-decoration: line-through; color: var(--muted); }
    ul.checks { margin: 0; padding-left: 1.2em; } .checks .broken { color: var(--broken); } .checks .holds { color: var(--ok); } .checks .muted { color: var(--muted); }
    table.grid { border-collapse: collapse; background: #fff; margin: .4em; font-size: .85em; }
    table.grid td { border: 1px solid #999; padding: .15em .3em; vertical-align: top; }
    table.grid td.source-cell { background: var(--doubt); outline: 2px solid var(--broken); outline-offset: -2px; }
    pre.command { background: #fff; border: 1px solid var(--line); padding: .6em 1em; overflow-x: auto; }
    button { font: inherit; padding: .2em .8em; border-radius: 6px; border: 1px solid var(--line); background: #fff; cursor: pointer; }
    """

    /// The review screen's keyboard loop. The cursor is on a value in doubt (its input): Tab and
    /// Enter go to the next one still undecided (a changed value is saved first, as a
    /// correction), arrows move through the table, `a` accepts the value read, `u` marks it
    /// unreadable, `n` not in the report, `A` accepts every value still in doubt in this table,
    /// `z` undoes the last decision made here (Alt with the letter does the same, in the agency's
    /// box too). Each decision is one small POST; the page updates in place from its answer.
    /// The template's sums are added up again on every keystroke.
    static let javaScript = """
    (() => {
      'use strict';
      const dataElement = document.getElementById('review-data');
      if (!dataElement) return;
      const data = JSON.parse(dataElement.textContent);
      const csrf = document.querySelector('meta[name=csrf]').content;
      const status = document.getElementById('status');
      const info = document.getElementById('cell-info');
      const cells = Array.from(document.querySelectorAll('td.cell.doubtful'));
      const byKey = new Map(cells.map(td => [td.dataset.key, td]));
      const sums = new Map(data.sums.map(sum => [sum.rule, sum]));
      const words = { accepted: 'accepted', corrected: 'corrected', unreadable: 'unreadable', absent: 'not in the report' };
      const undoStack = [];
      let current = null;

      function say(text, isError) { status.textContent = text; status.classList.toggle('error', !!isError); }
      function inputOf(td) { return td.querySelector('input'); }
      function isDecided(td) { return td.classList.contains('decided'); }

      // Values as the sums see them: a box's content, a fixed cell's value; NaN for what is not a number.
      function valueOf(key) {
        const td = byKey.get(key) || document.querySelector('td.cell[data-key="' + CSS.escape(key) + '"]');
        if (!td) return undefined;
        const text = (td.dataset.value !== undefined ? td.dataset.value : inputOf(td).value).trim().replace(/,/g, '');
        return text === '' ? null : Number(text);
      }
      function shown(number) { return String(Math.round(number * 100) / 100); }
      function updateSums() {
        for (const td of document.querySelectorAll('td.sum[data-sums]')) {
          const rules = td.dataset.sums.split(' ').filter(Boolean);
          if (rules.length === 0) continue;
          let broken = false, unknown = false;
          const parts = rules.map(rule => {
            const sum = sums.get(rule);
            if (!sum) return '';
            const left = sum.left.map(valueOf), right = sum.right.map(valueOf);
            if (left.concat(right).some(v => v === null || v === undefined || Number.isNaN(v))) { unknown = true; return '?'; }
            const l = left.reduce((a, b) => a + b, 0), r = right.reduce((a, b) => a + b, 0);
            if (Math.abs(l - r) >= 0.005) { broken = true; return shown(l) + ' ≠ ' + shown(r); }
            return 'Σ ' + shown(l) + ' ✓';
          });
          td.textContent = parts.join(' · ');
          td.classList.toggle('broken', broken);
          td.classList.toggle('holds', !broken && !unknown);
        }
      }

      // The source under the cursor: the cell outlined on its page, or in the DOCX's table.
      function showSource(td) {
        const cell = data.cells[td.dataset.key];
        document.querySelectorAll('.outline').forEach(o => { o.hidden = true; });
        document.querySelectorAll('td.source-cell').forEach(c => c.classList.remove('source-cell'));
        const area = td.closest('.sheet-and-source');
        if (!cell || !area) return;
        const panel = area.querySelector('.source');
        if (cell.page && cell.box) {
          const figure = area.querySelector('figure.page[data-page="' + cell.page + '"]');
          if (!figure) return;
          const image = figure.querySelector('img'), outline = figure.querySelector('.outline');
          const place = () => {
            const scale = image.clientWidth / (image.naturalWidth / 1.5);
            const [x0, y0, x1, y1] = cell.box;
            Object.assign(outline.style, { left: (x0 * scale - 3) + 'px', top: (y0 * scale - 3) + 'px',
              width: ((x1 - x0) * scale + 6) + 'px', height: ((y1 - y0) * scale + 6) + 'px' });
            outline.hidden = false;
            panel.scrollTop = figure.offsetTop + y0 * scale - panel.clientHeight / 2;
          };
          if (image.complete && image.naturalWidth) place(); else image.addEventListener('load', place, { once: true });
        } else if (cell.docx) {
          const [table, row, column] = cell.docx;
          for (const c of area.querySelectorAll('table.grid[data-table="' + table + '"] td')) {
            const [r0, r1] = c.dataset.rows.split(' ').map(Number), [c0, c1] = c.dataset.cols.split(' ').map(Number);
            if (row >= r0 && row <= r1 && column >= c0 && column <= c1) {
              c.classList.add('source-cell');
              panel.scrollTop = c.offsetTop - panel.clientHeight / 2;
            }
          }
        }
      }

      function element(tag, text, className) {
        const e = document.createElement(tag);
        if (text !== undefined) e.textContent = text;
        if (className) e.className = className;
        return e;
      }
      // What the cursor's value is: label, what was read and why it is in doubt, its history.
      function showInfo(td) {
        const cell = data.cells[td.dataset.key];
        info.replaceChildren();
        if (!cell) return;
        const text = element('div');
        text.append(element('strong', cell.label), ' ', element('code', cell.key));
        text.append(element('div', 'read: ' + (cell.read === '' ? 'nothing' : cell.read) +
          (cell.raw ? ' · cell text “' + cell.raw + '”' : '') + ' · confidence ' + cell.confidence.toFixed(2)));
        text.append(element('div', 'in doubt: ' + cell.reasons.join('; ')));
        if (cell.read === '') text.append(element('div', 'Nothing was read here: type the value the page shows, or press n if the report does not give it.'));
        if (cell.history.length) {
          const list = element('ul');
          for (const h of cell.history) {
            list.append(element('li', (words[h.decision] || h.decision) + (h.value !== '' ? ' ' + h.value : '') + ' · ' + h.reviewer + ' · ' +
              h.at.replace('T', ' ').replace('Z', ' UTC') + (h.undone ? ' (undone)' : ''), h.undone ? 'undone' : ''));
          }
          text.append(element('div', 'decisions (the latest standing one holds; type and Enter to decide again):'), list);
        }
        info.append(text);
        // Files that read the value differently: each one's value, cell and close-up, to take one.
        if (cell.sources) {
          const list = element('ul', undefined, 'readings');
          for (const s of cell.sources) {
            const item = element('li');
            const link = element('a', s.file);
            link.href = s.screen;
            item.append(element('strong', s.value === '' ? 'nothing' : s.value), ' in ', link, ' (' + s.kind + ', ' + s.cell +
              (s.raw ? ', cell text “' + s.raw + '”' : '') + ', confidence ' + s.confidence.toFixed(2) + ') ');
            if (s.value !== '') {
              const take = element('button', 'take ' + s.value);
              take.type = 'button';
              take.addEventListener('click', () => { inputOf(td).value = s.value; decide(td, 'accepted', s.value, true); });
              item.append(take);
            }
            if (s.image) {
              const zoom = element('img');
              zoom.alt = 'the cell in ' + s.file;
              zoom.src = s.image;
              item.append(zoom);
            }
            list.append(item);
          }
          text.append(element('div', 'The files read it differently; one decision holds for the report:'), list);
        } else if (cell.page && cell.box && cell.key.startsWith('s')) {
          const zoom = element('img');
          zoom.alt = 'the cell on page ' + cell.page;
          zoom.src = '/report/' + data.sha256 + '/field/' + encodeURIComponent(cell.key) + '.png';
          info.append(zoom);
        }
      }

      function setCurrent(td) {
        if (current) current.classList.remove('current');
        current = td;
        td.classList.add('current');
        showSource(td);
        showInfo(td);
      }
      function focusCell(td) {
        const details = td.closest('details');
        if (details) details.open = true;
        inputOf(td).focus();
        td.scrollIntoView({ block: 'nearest' });
      }

      // The next value still undecided after `td` (before it with step -1), around the page once.
      function nextUndecided(td, step) {
        const start = cells.indexOf(td);
        for (let i = 1; i <= cells.length; i++) {
          const candidate = cells[(start + step * i + cells.length * 2) % cells.length];
          if (!isDecided(candidate) && candidate !== td) return candidate;
        }
        return null;
      }
      function moveOn(td, step) {
        const next = nextUndecided(td, step);
        if (next) { focusCell(next); return; }
        const link = document.getElementById('next-report');
        say('Every value of this report is decided. ' + (link ? link.textContent + ' (Enter)' : ''));
        if (link) link.focus();
      }
      // Arrows: the nearest value in doubt that way in the same table.
      function moveBy(td, rows, columns) {
        const table = td.closest('table');
        const inTable = cells.filter(c => c.closest('table') === table);
        const row = td.parentElement.rowIndex, column = td.cellIndex;
        let best = null, bestDistance = Infinity;
        for (const c of inTable) {
          const r = c.parentElement.rowIndex, k = c.cellIndex;
          const forward = rows !== 0 ? (r - row) * rows > 0 : (k - column) * columns > 0 || ((r - row) * columns > 0);
          if (!forward || c === td) continue;
          const distance = rows !== 0 ? Math.abs(r - row) * 100 + Math.abs(k - column) : (r - row) * columns * 100 + (k - column) * columns;
          if (distance < bestDistance) { best = c; bestDistance = distance; }
        }
        if (best) focusCell(best);
      }

      async function post(path, body) {
        try {
          const response = await fetch(path, { method: 'POST', credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(body) });
          const reply = await response.json().catch(() => ({}));
          if (!response.ok && !reply.error) reply.error = 'the server answered ' + response.status;
          return reply;
        } catch (error) {
          return { error: 'the server cannot be reached (' + error.message + '): nothing was saved' };
        }
      }

      function renderProgress(progress) {
        const parts = [['progress-report', progress.report, 'this report: ' + progress.report.decided + ' of ' + progress.report.total + ' decided'],
          ['progress-all', progress.all, 'all reports: ' + progress.all.decided + ' of ' + progress.all.total + ' decided, ' + progress.all.reportsLeft + ' reports left']];
        for (const [id, p, text] of parts) {
          const box = document.getElementById(id);
          if (!box) continue;
          const meter = box.querySelector('meter');
          meter.max = Math.max(p.total, 1);
          meter.value = p.decided;
          box.querySelector('span').textContent = text;
        }
      }
      function renderChecks(checks) {
        const list = document.getElementById('checks');
        list.replaceChildren(...checks.map(c => {
          const item = element('li', c.rule + ': ' + c.text, c.state);
          item.dataset.rule = c.rule;
          return item;
        }));
      }
      // The answer to decisions or an undo: the cells as they now stand, checks, progress.
      function apply(reply) {
        for (const cell of reply.cells) {
          data.cells[cell.key] = cell;
          const td = byKey.get(cell.key);
          if (!td) continue;
          inputOf(td).value = cell.value;
          td.classList.remove('decided', 'accepted', 'corrected', 'unreadable', 'absent', 'error');
          if (cell.decision) td.classList.add('decided', cell.decision);
          td.querySelector('.why').textContent = cell.decision ? words[cell.decision] : (cell.reasons[0] || '');
        }
        renderChecks(reply.checks);
        renderProgress(reply.progress);
        const link = document.getElementById('next-report');
        if (link) {
          link.href = reply.next ? '/report/' + reply.next : '/finish';
          link.textContent = reply.next ? 'next report →' : 'finish →';
        }
        updateSums();
        if (current) showInfo(current);
      }
      function refuse(td, reason) {
        td.classList.add('error');
        td.querySelector('.why').textContent = reason;
        say(reason, true);
        inputOf(td).focus();
      }

      // One request for one value or, with `keys`, several accepted at once; undone together.
      async function postDecision(td, body, advance, step) {
        const started = performance.now();
        const reply = await post('/api/decision', Object.assign({ sha256: data.sha256 }, body));
        if (reply.error) { refuse(td, reply.error); return null; }
        undoStack.push(reply.ids);
        apply(reply);
        document.body.dataset.lastDecisionMs = (performance.now() - started).toFixed(1);
        document.body.dataset.decisions = String(Number(document.body.dataset.decisions || 0) + reply.ids.length);
        if (advance) moveOn(td, step || 1);
        return reply;
      }
      async function decide(td, decision, value, advance, step) {
        const reply = await postDecision(td, { key: td.dataset.key, decision: decision, value: value }, advance, step);
        if (reply) {
          const cell = reply.cells[0];
          say('Saved: ' + cell.label + ' ' + words[cell.decision] + (cell.value ? ' ' + cell.value : '') + ' · z undoes');
        }
      }
      // Every value still in doubt in the table, after a look: those with nothing read are left
      // to type or mark n.
      async function acceptTable(td) {
        const table = td.closest('table');
        const open = cells.filter(c => c.closest('table') === table && !isDecided(c));
        const keys = open.filter(c => data.cells[c.dataset.key].read !== '').map(c => c.dataset.key);
        const skipped = open.length - keys.length;
        if (keys.length === 0) { say('Nothing in this table to accept' + (skipped ? ': ' + skipped + ' with nothing read, to type or mark n.' : '.')); return; }
        const reply = await postDecision(td, { keys: keys, decision: 'accepted' }, true, 1);
        if (reply) say('Accepted ' + keys.length + ' values of this table' + (skipped ? '; ' + skipped + ' with nothing read are left to type or mark n' : '') + ' · z undoes them');
      }
      async function undo() {
        const ids = undoStack.pop();
        if (ids === undefined) { say('Nothing to undo on this page.'); return; }
        const reply = await post('/api/undo', { sha256: data.sha256, ids: ids });
        if (reply.error) { say(reply.error, true); return; }
        apply(reply);
        const cell = reply.cells[0];
        const td = byKey.get(cell.key);
        if (td) focusCell(td);
        say('Undone: ' + (reply.cells.length > 1 ? reply.cells.length + ' values' : cell.label + (cell.decision ? ' (now ' + words[cell.decision] + ')' : ' (in doubt again)')));
      }
      function changed(td) {
        return inputOf(td).value.trim() !== data.cells[td.dataset.key].value;
      }

      for (const td of cells) {
        const input = inputOf(td);
        input.addEventListener('focus', () => { setCurrent(td); input.select(); });
        input.addEventListener('input', () => { td.classList.remove('error'); updateSums(); });
      }
      document.addEventListener('keydown', event => {
        const td = event.target.closest ? event.target.closest('td.cell.doubtful') : null;
        const command = event.altKey ? event.key.toLowerCase() : event.key;
        if (!td) {
          if (command === 'z' && event.target.tagName !== 'INPUT') { event.preventDefault(); undo(); }
          return;
        }
        if (event.ctrlKey || event.metaKey) return;
        const input = inputOf(td);
        const letters = event.altKey || td.dataset.key !== 'agency';
        if (event.key === 'Enter') {
          event.preventDefault();
          decide(td, 'accepted', input.value, true);
        } else if (event.key === 'Tab') {
          event.preventDefault();
          if (changed(td)) decide(td, 'accepted', input.value, true, event.shiftKey ? -1 : 1); else moveOn(td, event.shiftKey ? -1 : 1);
        } else if (event.key === 'Escape') {
          input.value = data.cells[td.dataset.key].value; td.classList.remove('error'); updateSums();
        } else if (event.key === 'ArrowRight') { event.preventDefault(); moveBy(td, 0, 1); }
        else if (event.key === 'ArrowLeft') { event.preventDefault(); moveBy(td, 0, -1); }
        else if (event.key === 'ArrowDown') { event.preventDefault(); moveBy(td, 1, 0); }
        else if (event.key === 'ArrowUp') { event.preventDefault(); moveBy(td, -1, 0); }
        else if (letters && command === 'a' && !event.shiftKey) { event.preventDefault(); input.value = data.cells[td.dataset.key].value; decide(td, 'accepted', '', true); }
        else if (letters && (command === 'A' || (command === 'a' && event.shiftKey))) { event.preventDefault(); acceptTable(td); }
        else if (letters && command === 'u') { event.preventDefault(); decide(td, 'unreadable', '', true); }
        else if (letters && command === 'n') { event.preventDefault(); decide(td, 'absent', '', true); }
        else if (letters && command === 'z') { event.preventDefault(); undo(); }
        else if (td.dataset.key !== 'agency' && event.key.length === 1 && !event.altKey && !/[0-9.,\\-]/.test(event.key)) event.preventDefault();
      });

      updateSums();
      const first = cells.find(c => !isDecided(c));
      if (first) focusCell(first);
      else if (cells.length) say('Every value of this report is decided; edit one to decide again.');
    })();
    """
}
