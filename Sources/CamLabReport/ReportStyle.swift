/// The report's only style sheet, inlined into every HTML report so the file needs nothing else.
///
/// Dark text on white, a single readable column, type that grows on wide screens (projectors) and stays at least
/// 17px on phones. Anything wide — code, output, tables, plots — scrolls or shrinks inside the column instead of
/// widening the page. Small pictures are enlarged with `image-rendering: pixelated` so each pixel stays a crisp
/// square. A click on a picture or plot enlarges it over the page (`script`).
enum ReportStyle {
    static let css = """
    :root { --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --code-bg: #f4f6f8; --border: #d0d7de;
      --accent: #0a5fb4; --error: #a40e26; --error-bg: #fff0f0; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--fg); overflow-wrap: break-word;
      font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    @media (min-width: 900px) { body { font-size: 19px; } }
    @media (min-width: 1600px) { body { font-size: 22px; } }
    main { max-width: 56rem; margin: 0 auto; padding: 1rem 1rem 4rem; }
    h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
    h1 { font-size: 2em; margin-top: 0.4em; }
    h2 { font-size: 1.5em; border-bottom: 1px solid var(--border); padding-bottom: 0.2em; }
    h3 { font-size: 1.2em; }
    a { color: var(--accent); }
    p, ul, ol, blockquote { margin: 0.6em 0; }
    blockquote { border-left: 4px solid var(--border); padding: 0 1em; color: var(--muted); }
    hr { border: 0; border-top: 1px solid var(--border); margin: 2em 0; }
    code, pre { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
    :not(pre) > code { font-size: 0.9em; background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
    pre { font-size: 0.82em; line-height: 1.45; overflow-x: auto; padding: 0.7em 1em; margin: 0.5em 0;
      border-radius: 6px; background: var(--code-bg); }
    .table-scroll { overflow-x: auto; margin: 0.8em 0; }
    table { border-collapse: collapse; }
    th, td { border: 1px solid var(--border); padding: 0.3em 0.7em; }
    th { background: var(--code-bg); }
    img, svg { max-width: 100%; height: auto; }
    img.pixelated { image-rendering: crisp-edges; image-rendering: pixelated; }
    .report-header { border-bottom: 1px solid var(--border); margin-bottom: 1.5em; }
    .report-header .meta { display: flex; flex-wrap: wrap; gap: 0.2em 1.4em; margin: 0.5em 0 1em; padding: 0;
      color: var(--muted); font-size: 0.85em; list-style: none; }
    .meta b { color: var(--fg); font-weight: 600; }
    .cell { margin: 1.2em 0; }
    .cell-label { font-size: 0.72em; color: var(--muted); margin-bottom: -0.3em; }
    .cell.code pre.source { border-left: 4px solid var(--accent); }
    .output pre { background: var(--bg); border: 1px solid var(--border); }
    .output figure { margin: 0.8em 0; }
    .output figure.plot { overflow-x: auto; }
    .output figure.plot svg { display: block; width: 100%; max-width: var(--plot-width, 100%); height: auto; }
    figcaption { font-size: 0.85em; color: var(--muted); }
    .error { border-left: 4px solid var(--error); background: var(--error-bg); padding: 0.4em 1em;
      border-radius: 6px; margin: 0.6em 0; }
    .error-title { color: var(--error); font-weight: 700; }
    .error pre { background: transparent; border: 0; padding: 0.3em 0; margin: 0; color: #3b0a12; }
    .stopped { color: var(--error); font-weight: 600; }
    .cell.skipped { opacity: 0.55; }
    footer { color: var(--muted); font-size: 0.8em; margin-top: 3em; }
    .tok-keyword { color: #b5172e; font-weight: 600; }
    .tok-constant, .tok-number { color: #0550ae; }
    .tok-string, .tok-escape { color: #0b6b2c; }
    .tok-escape { font-weight: 600; }
    .tok-comment { color: #5f6b76; font-style: italic; }
    .tok-function { color: #6f3fc7; }
    .tok-label { color: #8a3a00; }
    .tok-operator { color: #b5172e; }
    .output figure.image img, .output figure.plot svg { cursor: zoom-in; }
    .output figure.enlarged { position: fixed; inset: 0; z-index: 10; margin: 0; padding: 2vh 2vw; cursor: zoom-out;
      display: flex; flex-direction: column; align-items: center; justify-content: center; overflow: auto;
      background: rgba(255, 255, 255, 0.97); }
    .output figure.enlarged img { width: 96vw; height: 88vh; object-fit: contain; cursor: zoom-out; }
    .output figure.enlarged svg { width: 96vw; height: 88vh; max-width: none; cursor: zoom-out; }
    @media print { .cell { break-inside: avoid; } pre { white-space: pre-wrap; } }
    """

    /// The page's only script, inline: a click on a picture or grid shows it enlarged over the page, a second
    /// click or Escape puts it back. Nothing is loaded from anywhere else.
    static let script = """
    <script>
    document.addEventListener('click', e => {
      const figure = e.target.closest('.output figure.image, .output figure.plot');
      if (figure) figure.classList.toggle('enlarged');
    });
    document.addEventListener('keydown', e => {
      if (e.key === 'Escape') document.querySelectorAll('figure.enlarged').forEach(f => f.classList.remove('enlarged'));
    });
    </script>
    """
}
