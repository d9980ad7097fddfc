/// The reviewer pages' one stylesheet, served as a separate asset so that a strict
/// Content-Security-Policy (`style-src 'self'`) allows it: the pages carry no `<style>` element
/// and no `style` attribute.
enum PageStyle {
    static let css = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d5d9e0; --ok: #1d7a3a; --bad: #b42318; --warn: #a15c00; --bg: #ffffff; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 14px; color: var(--ink); background: var(--bg); }
        header.site { background: #24324a; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
        header.site a { color: #fff; text-decoration: none; } header.site .brand { font-weight: bold; font-size: 16px; }
        main { padding: 16px 24px 40px; max-width: 1200px; }
        h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f3f5f8; font-weight: 600; }
        .muted { color: var(--muted); } .mono, pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
        pre { background: #f6f8fa; border: 1px solid var(--line); padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 420px; overflow: auto; }
        .status { font-weight: 600; } .ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); }
        .badge { display: inline-block; padding: 0 6px; border: 1px solid var(--line); border-radius: 8px; margin-right: 4px; }
        .downloads a { margin-right: 16px; } .proof { margin: 0; max-height: 160px; }
        details > summary { cursor: pointer; color: var(--muted); }
        svg { max-width: 100%; height: auto; } svg text { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10px; fill: var(--ink); }
        .stage-development { fill: #c9d7f0; } .stage-staging { fill: #f6d58e; } .stage-production { fill: #9bd3a8; } .stage-archived { fill: #d0d0d0; }
        .node-box { stroke: #333; } .node-item { fill: #f6f8fa; stroke: var(--line); }
        .edge { stroke: #555; fill: none; stroke-width: 1.5; } .arrow-head { fill: #555; }
        .bar { fill: #6d8fc9; } .bar-thin { fill: #c0c7d0; } .fourfifths { stroke: var(--bad); stroke-dasharray: 3 2; }
        .label-bold { font-weight: bold; }

        """
}
