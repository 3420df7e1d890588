/// The app's style sheet and script, served by the binary itself so that review works offline.
/// Fonts are the system's: the CJK faces a reviewer's machine has (Noto CJK on Debian).
enum Assets {
    static let css = """
    :root { --ink: #1d1d1f; --muted: #6b6b70; --line: #d9d9de; --doubt: #fff4c2; --broken: #b3261e; --ok: #1b7f3b; --focus: #2f6feb; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.5 system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: #f6f6f8; }
    nav { display: flex; gap: 1.5em; align-items: baseline; padding: .6em 1.2em; background: #fff; border-bottom: 1px solid var(--line); }
    nav .brand { margin-left: auto; color: var(--muted); }
    main { max-width: 1200px; margin: 0 auto; padding: 1em 1.2em 4em; }
    h1 { font-size: 1.35em; margin: .4em 0; } h2 { font-size: 1.1em; margin: 1.4em 0 .5em; }
    .muted, .keys { color: var(--muted); }
    .keys kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 .35em; background: #fff; font-size: .9em; }
    .banner { background: #fff; border-left: 4px solid var(--ok); padding: .6em 1em; margin: 1em 0; }
    .banner.broken { border-left-color: var(--broken); }
    .error { border-left-color: var(--broken); }
    article.field { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .8em 1em; margin: .8em 0; outline: none; }
    article.field.current { border-color: var(--focus); box-shadow: 0 0 0 3px rgba(47,111,235,.25); }
    article.field header { display: flex; gap: 1em; align-items: baseline; flex-wrap: wrap; }
    .label { font-weight: 600; } code { font-size: .85em; color: var(--muted); }
    .confidence { margin-left: auto; font-variant-numeric: tabular-nums; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .6em 0; }
    dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
    .value { font-size: 1.3em; font-weight: 600; font-variant-numeric: tabular-nums; }
    ul.checks { margin: 0; padding-left: 1.2em; } .checks .broken { color: var(--broken); } .checks .holds { color: var(--ok); }
    .source img { max-width: 100%; border: 1px solid var(--line); display: block; }
    table.grid { border-collapse: collapse; background: #fff; margin: .4em 0; }
    table.grid td, table.grid th { border: 1px solid #999; padding: .25em .5em; vertical-align: top; }
    table.grid th { background: #f0f0f3; font-weight: 500; text-align: left; }
    table.grid td.num { text-align: right; font-variant-numeric: tabular-nums; }
    table.grid .doubtful { background: var(--doubt); }
    table.grid .reviewed { background: #e6f4ea; }
    table.grid .source-cell { background: var(--doubt); outline: 2px solid var(--broken); outline-offset: -2px; }
    form.decide { display: flex; gap: .5em; align-items: center; flex-wrap: wrap; margin-top: .6em; }
    form.decide input[name=value] { font: inherit; font-size: 1.1em; width: 12em; padding: .25em .4em; }
    button { font: inherit; padding: .25em .8em; border-radius: 6px; border: 1px solid var(--line); background: #fff; cursor: pointer; }
    button.primary { background: var(--focus); border-color: var(--focus); color: #fff; }
    .pager { margin: 2em 0; }
    """

    /// Keyboard review. ↓ and ↑ (j and k outside the value box) move between fields; Enter accepts
    /// the value read, or corrects it when a number is typed (the server reads a typed value as a
    /// correction); Alt+U marks it unreadable (the button's access key). Without the script every
    /// form still works by mouse.
    static let javaScript = """
    (() => {
      const fields = Array.from(document.querySelectorAll('article.field'));
      if (fields.length === 0) return;
      let current = Math.max(0, fields.findIndex(f => f.classList.contains('current')));
      function show(index, scroll) {
        current = Math.min(Math.max(index, 0), fields.length - 1);
        fields.forEach((f, i) => f.classList.toggle('current', i === current));
        const input = fields[current].querySelector('input[name=value]');
        if (input) input.focus({ preventScroll: true });
        if (scroll) fields[current].scrollIntoView({ block: 'center' });
      }
      fields.forEach((f, i) => f.addEventListener('focusin', () => {
        current = i; fields.forEach((g, j) => g.classList.toggle('current', j === i));
      }));
      document.addEventListener('keydown', event => {
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        const typing = event.target instanceof HTMLInputElement;
        if (event.key === 'ArrowDown' || (!typing && event.key === 'j')) { show(current + 1, true); event.preventDefault(); }
        else if (event.key === 'ArrowUp' || (!typing && event.key === 'k')) { show(current - 1, true); event.preventDefault(); }
      });
      show(current, current > 0);
    })();
    """
}
